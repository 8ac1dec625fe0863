using System.Net;
using Nashir.Arabic;

namespace Nashir.Tests.Site;

public sealed class ErrorPageTests : IClassFixture<ErrorPageTests.Site>
{
    public sealed class Site() : NashirFactory(demoContent: true);

    private readonly Site _site;

    public ErrorPageTests(Site site) => _site = site;

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/article/لا-يوجد-خبر")]
    [InlineData("/article/%D9%A0%FF")]
    [InlineData("/category")]
    [InlineData("/status/abc")]
    public async Task Unknown_addresses_get_the_arabic_404_page(string path)
    {
        using var response = await _site.CreateReader().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("الصفحة غير موجودة", page.QuerySelector("h1")!.Text());
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
    }

    [Fact]
    public async Task Draft_articles_are_not_found()
    {
        var draft = await _site.PublishAsync("مسودة لم تنشر", configure: a => a.Status = Nashir.Articles.ArticleStatus.Draft);

        using var response = await _site.CreateReader().GetAsync(NashirFactory.ArticlePath(draft.Slug));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Old_slug_redirects_permanently_to_the_current_one()
    {
        var article = await _site.PublishAsync("عنوان جديد للخبر");
        await _site.WithDbAsync(async db =>
        {
            db.ArticleSlugs.Add(new Nashir.Articles.ArticleSlug { Slug = "عنوان-قديم", ArticleId = article.Id });
            await db.SaveChangesAsync();
        });

        using var response = await _site.CreateReader().GetAsync(NashirFactory.ArticlePath("عنوان-قديم"));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(NashirFactory.ArticlePath(article.Slug), response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Arabic_slugs_are_percent_encoded_in_links()
    {
        var page = await _site.CreateReader().GetDocumentAsync("/");

        var href = page.QuerySelector(".lead-story h2 a")!.GetAttribute("href")!;
        Assert.Equal(NashirFactory.ArticlePath(Slugs.Slugify(Nashir.Demo.DemoContent.SeedHeadline)), href);
        Assert.True(href.All(char.IsAscii));
    }

    [Fact]
    public async Task Status_page_visited_directly_keeps_its_status()
    {
        using var response = await _site.CreateReader().GetAsync("/status/404");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Health_endpoint_answers_when_ready()
    {
        using var response = await _site.CreateReader().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Arabic_is_sent_as_characters_not_entities()
    {
        var html = await _site.CreateReader().GetStringAsync("/");

        Assert.Contains("الرأي برس", html, StringComparison.Ordinal);
        Assert.DoesNotContain("&#x627;", html, StringComparison.Ordinal);
    }
}
