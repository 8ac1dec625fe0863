using Nashir.Media;

namespace Nashir.Tests.Media;

/// <summary>Reader pages draw uploaded images responsively, with their size known before they load.</summary>
public sealed class ReaderPictureTests
{
    [Fact]
    public async Task Article_lead_image_is_a_picture_with_webp_and_jpeg_srcsets_and_its_size()
    {
        using var site = new NashirFactory();
        var item = (await site.SaveAsync(TestImages.PhotoWithCameraAndGps(), details: new MediaDetails("تعليق", "رويترز", "وصف الصورة"))).Item!;
        var article = await site.PublishAsync("خبر مصوّر", configure: a => a.LeadImageId = item.Id);

        var page = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));

        var picture = page.QuerySelector("figure.lead-image picture")!;
        var webp = picture.QuerySelector("source[type='image/webp']")!;
        Assert.Equal(
            string.Join(", ", new[] { 320, 640, 1024, 1600 }.Select(w => $"/media/{item.Path}-{w}.webp {w}w")),
            webp.GetAttribute("srcset"));
        Assert.Equal(PictureSizes.Story, webp.GetAttribute("sizes"));
        var img = picture.QuerySelector("img")!;
        Assert.Equal($"/media/{item.Path}-1024.jpg", img.GetAttribute("src"));
        Assert.Contains($"/media/{item.Path}-1600.jpg 1600w", img.GetAttribute("srcset"), StringComparison.Ordinal);
        Assert.Equal(("1600", "960"), (img.GetAttribute("width"), img.GetAttribute("height")));
        Assert.Equal("وصف الصورة", img.GetAttribute("alt"));
        // The top image loads at once: it is what the reader sees first.
        Assert.Null(img.GetAttribute("loading"));
        Assert.Equal("high", img.GetAttribute("fetchpriority"));
    }

    [Fact]
    public async Task Card_images_are_lazy_and_sized_and_the_home_lead_is_eager()
    {
        using var site = new NashirFactory();
        var item = (await site.SaveAsync(TestImages.Webp(700, 400))).Item!;
        for (var i = 0; i < 3; i++)
            await site.PublishAsync($"خبر رقم {i}", site.Clock.GetUtcNow().UtcDateTime.AddMinutes(-i), configure: a => a.LeadImageId = item.Id);

        var home = await site.CreateReader().GetDocumentAsync("/");

        var lead = home.QuerySelector(".lead-story picture img")!;
        Assert.Null(lead.GetAttribute("loading"));
        Assert.Equal("high", lead.GetAttribute("fetchpriority"));
        var cards = home.QuerySelectorAll(".card picture img");
        Assert.Equal(2, cards.Length);
        Assert.All(cards, img =>
        {
            Assert.Equal("lazy", img.GetAttribute("loading"));
            Assert.Equal(("640", "366"), (img.GetAttribute("width"), img.GetAttribute("height")));
            Assert.Equal(PictureSizes.Card, img.GetAttribute("sizes"));
        });
    }

    [Fact]
    public async Task Single_file_image_is_a_plain_img()
    {
        using var site = new NashirFactory();
        var svg = await site.WithDbAsync(async db =>
        {
            var item = new MediaItem { Path = "demo/flags.svg", ContentType = "image/svg+xml", Width = 1200, Height = 675, Alt = "رايات" };
            db.Media.Add(item);
            await db.SaveChangesAsync();
            return item;
        });
        var article = await site.PublishAsync("خبر برسم", configure: a => a.LeadImageId = svg.Id);

        var page = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));

        var img = page.QuerySelector("figure.lead-image img")!;
        Assert.Null(page.QuerySelector("figure.lead-image picture"));
        Assert.Equal("/media/demo/flags.svg", img.GetAttribute("src"));
        Assert.Equal(("1200", "675"), (img.GetAttribute("width"), img.GetAttribute("height")));
    }
}
