using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Tests.ContentApi;
using Nashir.Tests.Feeds;

namespace Nashir.Tests.Browse;

/// <summary>
/// A tag or an author is public only through an article readers may see: one used only by drafts, articles in review,
/// scheduled ones or a publication time still ahead has no page, no feed, no place in the API or the sitemap, and
/// answers exactly as a name that does not exist — an embargoed name stays secret, and a writer's draft makes no page.
/// </summary>
public sealed class TaxonomyVisibilityTests
{
    private const string TagName = "صفقة سرية";
    private const string AuthorName = "مراسلة جديدة";
    private const string FormerSlug = "صفقة-قديمة";

    [Fact]
    public async Task A_tag_or_author_of_unpublished_articles_only_is_nowhere_until_one_of_them_goes_live()
    {
        using var site = new NashirFactory();
        var now = site.Clock.GetUtcNow().UtcDateTime;
        await site.PublishAsync("خبر منشور لا علاقة له");
        // A writer makes the tag on the fly, in a draft: the path the probe used.
        var writer = await site.SignInAsync(Roles.Writer);
        using (var saved = await writer.SubmitFormAsync("/newsroom/articles/new", "#article-form",
            ("Headline", "مسودة عن الصفقة"), ("Body", "<p>نص المسودة.</p>"), ("Tags", TagName), ("action", "save")))
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var scheduled = await site.DraftAsync("خبر مجدول عن الصفقة", ArticleStatus.Scheduled);
        var future = await site.PublishAsync("خبر مؤرخ بعد ساعتين", now.AddHours(2));
        var tag = await site.WithDbAsync(db => db.Tags.SingleAsync(t => t.Name == TagName));
        await site.WithDbAsync(async db =>
        {
            var t = await db.Tags.SingleAsync(x => x.Id == tag.Id);
            foreach (var id in new[] { scheduled.Id, future.Id })
                (await db.Articles.Include(a => a.Tags).SingleAsync(a => a.Id == id)).Tags.Add(t);
            await db.SaveChangesAsync();
        });
        var author = await site.AuthorAsync(AuthorName, scheduled, future);
        await site.WithDbAsync(async db =>
        {
            db.TagSlugs.Add(new TagSlug { Slug = FormerSlug, TagId = tag.Id, RetiredAt = now.AddDays(-1) });
            await db.SaveChangesAsync();
        });
        var reader = site.CreateReader();
        var api = await site.CreateApiClientAsync();

        Assert.Empty(await WhereTheyAreAsync(reader, api, tag.Slug, author.Slug));
        // Hidden answers as unknown does: nothing tells the two apart.
        Assert.Equal(await AnswersAsync(reader, api, "tag", "لا-يوجد-وسم"), await AnswersAsync(reader, api, "tag", tag.Slug));
        Assert.Equal(await AnswersAsync(reader, api, "author", "لا-يوجد-كاتب"), await AnswersAsync(reader, api, "author", author.Slug));

        site.Clock.Advance(TimeSpan.FromHours(3));

        Assert.Equal(Everywhere, await WhereTheyAreAsync(reader, api, tag.Slug, author.Slug));
    }

    [Fact]
    public async Task Deciding_that_a_tag_or_author_is_public_seeks_indexes_and_scans_no_table()
    {
        using var site = new NashirFactory();
        var now = site.Clock.GetUtcNow().UtcDateTime;

        var plans = await site.WithDbAsync(async db => new[]
        {
            await PlanAsync(db, db.PublicTags(now).Where(t => t.Slug == "وسم")),
            await PlanAsync(db, db.PublicAuthors(now).Where(x => x.Slug == "كاتب")),
            await PlanAsync(db, db.PublicTagFormerly("وسم-قديم", now)),
        });

        // The tag (or author) by its unique slug, then one EXISTS: the join table by the tag's id, each article by its key.
        Assert.All(plans, plan => Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal)));
        Assert.Contains(plans[0], step => step.Contains("IX_ArticleTags_TagsId", StringComparison.Ordinal));
        Assert.Contains(plans[1], step => step.Contains("IX_ArticleAuthors_AuthorsId", StringComparison.Ordinal));
        Assert.All(plans, plan => Assert.Contains(plan, step => step.Contains("INTEGER PRIMARY KEY", StringComparison.Ordinal)));
    }

    /// <summary>SQLite's EXPLAIN QUERY PLAN of the query as EF Core sends it, one line per step.</summary>
    private static async Task<List<string>> PlanAsync<T>(Nashir.Data.NashirDb db, IQueryable<T> query)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            steps.Add(reader.GetString(reader.GetOrdinal("detail")));
        return steps;
    }

    private static readonly string[] Everywhere =
    [
        "tag page", "tag feed", "tag atom", "tag former address", "api tags", "api tag filter", "search tag filter", "sitemap tag",
        "author page", "author feed", "api authors", "api author filter", "search author filter", "sitemap author",
    ];

    private static async Task<List<string>> WhereTheyAreAsync(HttpClient reader, HttpClient api, string tagSlug, string authorSlug)
    {
        var seen = new List<string>();
        async Task Status(string place, string path)
        {
            using var response = await reader.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.OK)
                seen.Add(place);
        }
        void Check(string place, bool found)
        {
            if (found)
                seen.Add(place);
        }

        var tagPath = NashirFactory.ListingPath("tag", tagSlug);
        await Status("tag page", tagPath);
        await Status("tag feed", tagPath + "/feed");
        await Status("tag atom", tagPath + "/feed/atom");
        using (var former = await reader.GetAsync(NashirFactory.ListingPath("tag", FormerSlug)))
            Check("tag former address", former.StatusCode == HttpStatusCode.MovedPermanently && former.Headers.Location!.OriginalString == tagPath);
        Check("api tags", Slugs(await api.GetJsonAsync("/api/v1/tags?pageSize=100"), "tags").Contains(tagSlug));
        Check("api tag filter", await ApiFilterAsync(api, "tag", tagSlug));
        Check("search tag filter", await SearchFilterAsync(reader, "tag", tagSlug));

        var authorPath = NashirFactory.ListingPath("author", authorSlug);
        await Status("author page", authorPath);
        await Status("author feed", authorPath + "/feed");
        Check("api authors", Slugs(await api.GetJsonAsync("/api/v1/authors?pageSize=100"), "authors").Contains(authorSlug));
        Check("api author filter", await ApiFilterAsync(api, "author", authorSlug));
        Check("search author filter", await SearchFilterAsync(reader, "author", authorSlug));

        var sections = await reader.GetXmlAsync(Nashir.Feeds.SitemapEndpoints.Sections);
        var locs = sections.Root!.Descendants().Where(e => e.Name.LocalName == "loc").Select(e => e.Value).ToList();
        Check("sitemap tag", locs.Contains("http://localhost" + tagPath));
        Check("sitemap author", locs.Contains("http://localhost" + authorPath));
        return [.. Everywhere.Where(seen.Contains)];
    }

    /// <summary>The filter of the API's article list takes the slug (200) or says there is no such name (400).</summary>
    private static async Task<bool> ApiFilterAsync(HttpClient api, string kind, string slug)
    {
        using var response = await api.GetAsync($"/api/v1/articles?{kind}={Uri.EscapeDataString(slug)}");
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>The search page takes the filter (200), or says the name does not exist (400).</summary>
    private static async Task<bool> SearchFilterAsync(HttpClient reader, string kind, string slug)
    {
        using var response = await reader.GetAsync($"/search?{kind}={Uri.EscapeDataString(slug)}");
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Everything a stranger can observe about a name: statuses of its page and feed, and the API's and search page's words.</summary>
    private static async Task<string> AnswersAsync(HttpClient reader, HttpClient api, string kind, string slug)
    {
        var path = NashirFactory.ListingPath(kind, slug);
        var parts = new List<string>();
        foreach (var p in new[] { path, path + "/feed", path + "/feed/atom" })
        {
            using var response = await reader.GetAsync(p);
            parts.Add(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        }
        using (var filtered = await api.GetAsync($"/api/v1/articles?{kind}={Uri.EscapeDataString(slug)}"))
            parts.Add(((int)filtered.StatusCode).ToString(CultureInfo.InvariantCulture) + " "
                + (await filtered.Content.ReadAsStringAsync()).Replace(slug, "…", StringComparison.Ordinal));
        using (var search = await reader.GetAsync($"/search?{kind}={Uri.EscapeDataString(slug)}"))
            parts.Add(((int)search.StatusCode).ToString(CultureInfo.InvariantCulture) + " "
                + Html.Parse(await search.Content.ReadAsStringAsync()).QuerySelector("main")!.TextContent.Replace(slug, "…", StringComparison.Ordinal));
        return string.Join("\n", parts);
    }

    private static List<string> Slugs(JsonElement list, string name) =>
        list.GetProperty(name).EnumerateArray().Select(e => e.GetProperty("slug").GetString()!).ToList();
}
