using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;
using Nashir.Tests.ContentApi;
using Nashir.Tests.Feeds;

namespace Nashir.Tests.Articles;

/// <summary>
/// "A reader may see this article" is one rule with its time check: a published article dated in the future (as an
/// import or the API can make one) is nowhere a reader looks until its time, and everywhere once its time has come,
/// without a reindex or any other change.
/// </summary>
public sealed class ReaderVisibilityTests
{
    private const string Headline = "القمح يصل إلى الموانئ في موعده";
    private const string Word = "القمح";

    [Fact]
    public async Task A_future_dated_article_is_nowhere_until_its_time_and_everywhere_after()
    {
        using var site = new NashirFactory();
        var now = site.Clock.GetUtcNow().UtcDateTime;
        var category = await site.CreateCategoryAsync("اقتصاد");
        var present = await site.PublishAsync("خبر منشور من قبل", now.AddHours(-1), category.Id);
        var future = await site.PublishAsync(Headline, now.AddHours(2), category.Id, "<p>وصلت شحنات القمح إلى الموانئ.</p>",
            a => (a.IsFeatured, a.IsBreaking) = (true, true));
        var tag = await site.TagAsync("حبوب", present, future);
        var author = await site.AuthorAsync("سلمى الكاتبة", present, future);
        await site.WithDbAsync(async db =>
        {
            db.ArticleSlugs.Add(new ArticleSlug { Slug = "القمح-قديم", ArticleId = future.Id, RetiredAt = now.AddDays(-1) });
            await db.SaveChangesAsync();
        });
        await site.SearchCaughtUpAsync();
        var reader = site.CreateReader();
        var api = await site.CreateApiClientAsync();

        Assert.Empty(await WhereItIsAsync(site, reader, api, future, category, tag, author));
        using (var comment = await reader.PostAsync(NashirFactory.ArticlePath(future.Slug) + "?handler=Comment", new FormUrlEncodedContent(
            [new("Name", "قارئ"), new("Text", "تعليق على خبر لم يحن وقته")])))
            Assert.Equal(HttpStatusCode.NotFound, comment.StatusCode);
        Assert.Equal(0, await site.WithDbAsync(db => db.Comments.CountAsync()));

        site.Clock.Set(site.Clock.GetUtcNow().AddHours(3));

        Assert.Equal(Everywhere, await WhereItIsAsync(site, reader, api, future, category, tag, author));
    }

    private static readonly string[] Everywhere =
    [
        "home", "breaking", "category", "tag", "author", "article", "former slug", "related", "search page", "search api",
        "suggestions", "content api search", "rss", "atom", "category feed", "sitemap", "news sitemap", "sections sitemap",
        "content api list", "content api article", "content api category count", "content api tag count", "content api author count",
    ];

    /// <summary>Every place a reader, a crawler or an app may meet the article, named when it is there.</summary>
    private static async Task<List<string>> WhereItIsAsync(NashirFactory site, HttpClient reader, HttpClient api, Article article, Category category, Tag tag, Author author)
    {
        var seen = new List<string>();
        void Check(string place, bool found)
        {
            if (found)
                seen.Add(place);
        }
        var url = FeedSteps.ArticleUrl(article.Slug);

        var home = await reader.GetDocumentAsync("/");
        Check("home", home.QuerySelector("main")!.TextContent.Contains(Headline, StringComparison.Ordinal));
        Check("breaking", home.QuerySelectorAll(".ticker a").Any(a => a.TextContent == Headline));
        foreach (var (kind, slug) in new[] { ("category", category.Slug), ("tag", tag.Slug), ("author", author.Slug) })
            Check(kind, (await reader.GetDocumentAsync(NashirFactory.ListingPath(kind, slug))).QuerySelector("main")!.TextContent.Contains(Headline, StringComparison.Ordinal));

        using (var page = await reader.GetAsync(NashirFactory.ArticlePath(article.Slug)))
            Check("article", page.StatusCode == HttpStatusCode.OK);
        using (var former = await reader.GetAsync(NashirFactory.ArticlePath("القمح-قديم")))
            Check("former slug", former.StatusCode == HttpStatusCode.MovedPermanently);
        var other = await site.WithDbAsync(db => db.Articles.Where(a => a.Id != article.Id).Select(a => a.Slug).SingleAsync());
        Check("related", (await reader.GetDocumentAsync(NashirFactory.ArticlePath(other))).QuerySelector("main")!.TextContent.Contains(Headline, StringComparison.Ordinal));

        var search = await reader.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(Word));
        Check("search page", search.QuerySelector("main")!.TextContent.Contains(Headline, StringComparison.Ordinal));
        var results = await reader.GetJsonAsync("/api/search?q=" + Uri.EscapeDataString(Word));
        Assert.Equal(results.GetProperty("results").GetArrayLength(), results.GetProperty("total").GetInt32()); // counted only when shown
        Check("search api", results.GetProperty("results").EnumerateArray().Any(r => r.GetProperty("headline").GetString() == Headline));
        var suggestions = await reader.GetStringAsync("/api/search/suggest?q=" + Uri.EscapeDataString(Word));
        Check("suggestions", suggestions.Contains(Headline, StringComparison.Ordinal));
        var apiSearch = await api.GetJsonAsync("/api/v1/search?q=" + Uri.EscapeDataString(Word));
        Check("content api search", apiSearch.GetProperty("results").EnumerateArray().Any(r => r.GetProperty("article").GetProperty("headline").GetString() == Headline));

        Check("rss", (await reader.GetFeedAsync("/feed")).Titles().Contains(Headline));
        Check("atom", (await reader.GetFeedAsync("/feed/atom")).Titles().Contains(Headline));
        Check("category feed", (await reader.GetFeedAsync(NashirFactory.ListingPath("category", category.Slug) + "/feed")).Titles().Contains(Headline));

        Check("sitemap", (await reader.GetXmlAsync(Nashir.Feeds.SitemapEndpoints.ArticlePage(1))).Root!.Descendants().Any(e => e.Value == url));
        Check("news sitemap", (await reader.GetXmlAsync(Nashir.Feeds.SitemapEndpoints.News)).Root!.Descendants().Any(e => e.Value == url));
        // The tag's and author's pages carry the latest change among their articles: the article's publication, once due.
        var due = Nashir.Feeds.XmlResponses.W3cDate(article.PublishedAt!.Value);
        Check("sections sitemap", (await reader.GetXmlAsync(Nashir.Feeds.SitemapEndpoints.Sections)).Root!.Descendants().Any(e => e.Name.LocalName == "lastmod" && e.Value == due));

        Check("content api list", ApiSteps.Headlines(await api.GetJsonAsync("/api/v1/articles")).Contains(Headline));
        using (var one = await api.GetAsync("/api/v1/articles/" + Uri.EscapeDataString(article.Slug)))
            Check("content api article", one.StatusCode == HttpStatusCode.OK);
        Check("content api category count", Count(await api.GetJsonAsync("/api/v1/categories"), "categories", category.Slug) == 2);
        Check("content api tag count", Count(await api.GetJsonAsync("/api/v1/tags"), "tags", tag.Slug) == 2);
        Check("content api author count", Count(await api.GetJsonAsync("/api/v1/authors"), "authors", author.Slug) == 2);
        return seen;
    }

    private static int Count(JsonElement list, string name, string slug) =>
        list.GetProperty(name).EnumerateArray().Single(e => e.GetProperty("slug").GetString() == slug).GetProperty("articleCount").GetInt32();
}
