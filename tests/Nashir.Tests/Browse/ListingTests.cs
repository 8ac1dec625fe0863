using System.Net;

namespace Nashir.Tests.Browse;

public sealed class ListingTests
{
    private static async Task<(NashirFactory Site, string Slug)> CategoryWithArticlesAsync(int count)
    {
        var site = new NashirFactory();
        var category = await site.CreateCategoryAsync("اقتصاد");
        var start = new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
            await site.PublishAsync($"خبر اقتصادي رقم {i + 1}", start.AddHours(i), category.Id);
        return (site, category.Slug);
    }

    [Fact]
    public async Task Category_pages_hold_twenty_newest_first_with_rel_links()
    {
        var (site, slug) = await CategoryWithArticlesAsync(45);
        using var _ = site;
        var reader = site.CreateReader();

        var first = await reader.GetDocumentAsync(NashirFactory.ListingPath("category", slug));
        var titles = first.QuerySelectorAll(".card-title a").Select(a => a.Text()).ToList();
        Assert.Equal(20, titles.Count);
        Assert.Equal("خبر اقتصادي رقم 45", titles[0]);
        Assert.Null(first.QuerySelector("link[rel=prev]"));
        Assert.Equal(NashirFactory.ListingPath("category", slug, 2), first.QuerySelector("link[rel=next]")!.GetAttribute("href"));
        Assert.Equal(NashirFactory.ListingPath("category", slug, 2), first.QuerySelector(".pagination a[rel=next]")!.GetAttribute("href"));

        var last = await reader.GetDocumentAsync(NashirFactory.ListingPath("category", slug, 3));
        Assert.Equal(5, last.QuerySelectorAll(".card").Length);
        Assert.Equal("خبر اقتصادي رقم 5", last.QuerySelector(".card-title a")!.Text());
        Assert.Equal(NashirFactory.ListingPath("category", slug, 2), last.QuerySelector("link[rel=prev]")!.GetAttribute("href"));
        Assert.Null(last.QuerySelector("link[rel=next]"));
        Assert.Contains("صفحة 3", last.QuerySelector(".pagination")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_one_link_has_no_page_parameter() // one URL per page, for caches and search engines
    {
        var (site, slug) = await CategoryWithArticlesAsync(21);
        using var _ = site;

        var second = await site.CreateReader().GetDocumentAsync(NashirFactory.ListingPath("category", slug, 2));

        Assert.Equal(NashirFactory.ListingPath("category", slug), second.QuerySelector("link[rel=prev]")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("?page=abc", HttpStatusCode.BadRequest)]
    [InlineData("?page=0", HttpStatusCode.BadRequest)]
    [InlineData("?page=-1", HttpStatusCode.BadRequest)]
    [InlineData("?page=1.5", HttpStatusCode.BadRequest)]
    [InlineData("?page=99999999999999999999", HttpStatusCode.BadRequest)]
    [InlineData("?page=%00", HttpStatusCode.BadRequest)]
    [InlineData("?page=2&page=3", HttpStatusCode.BadRequest)]
    [InlineData("?page=4", HttpStatusCode.NotFound)]
    [InlineData("?page=١", HttpStatusCode.BadRequest)]
    public async Task Malformed_or_missing_pages_get_a_clear_arabic_error(string query, HttpStatusCode expected)
    {
        var (site, slug) = await CategoryWithArticlesAsync(41);
        using var _ = site;

        using var response = await site.CreateReader().GetAsync(NashirFactory.ListingPath("category", slug) + query);

        Assert.Equal(expected, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expected == HttpStatusCode.NotFound ? "الصفحة غير موجودة" : "طلب غير صالح", page.QuerySelector("h1")!.Text());
    }

    [Fact]
    public async Task Tag_and_author_pages_list_their_articles()
    {
        using var site = new NashirFactory(demoContent: true);
        var reader = site.CreateReader();

        var tag = await reader.GetDocumentAsync(NashirFactory.ListingPath("tag", "مصر"));
        Assert.Equal("مصر", tag.QuerySelector("h1")!.Text());
        Assert.Single(tag.QuerySelectorAll(".card"));

        var author = await reader.GetDocumentAsync(NashirFactory.ListingPath("author", "محرر-نشر-التجريبي"));
        Assert.Equal(12, author.QuerySelectorAll(".card").Length);
    }

    [Theory]
    [InlineData("category")]
    [InlineData("tag")]
    [InlineData("author")]
    public async Task Unknown_slug_is_an_arabic_404(string kind)
    {
        using var site = new NashirFactory(demoContent: true);

        using var response = await site.CreateReader().GetAsync(NashirFactory.ListingPath(kind, "لا-يوجد"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("الصفحة غير موجودة", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_has_a_lead_latest_and_a_block_per_category()
    {
        using var site = new NashirFactory(demoContent: true);

        var home = await site.CreateReader().GetDocumentAsync("/");

        Assert.Equal(Nashir.Demo.DemoContent.SeedHeadline, home.QuerySelector(".lead-story h2")!.Text());
        Assert.Equal(10, home.QuerySelectorAll(".latest .card").Length);
        var blocks = home.QuerySelectorAll(".category-block h2").Select(h => h.Text()).ToList();
        Assert.Equal(["محليات", "عربي ودولي", "اقتصاد", "رياضة", "تقنية", "ثقافة"], blocks);
        Assert.All(home.QuerySelectorAll(".category-block"), b => Assert.InRange(b.QuerySelectorAll(".card").Length, 1, 4));
    }
}
