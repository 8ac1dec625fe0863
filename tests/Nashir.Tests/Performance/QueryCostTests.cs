using Nashir.Articles;
using Nashir.Comments;
using Nashir.Tests.ContentApi;

namespace Nashir.Tests.Performance;

/// <summary>
/// A site seeded straight through the database: two categories, tags and an author, <c>count</c> published articles
/// with a few comments. The same slugs at every size, so the same addresses can be compared.
/// </summary>
public sealed class SeededSite : IAsyncDisposable
{
    public const string Category = "local";
    public const string Tag = "elections";
    public const string Author = "reporter";
    public const string Untagged = "story-1";
    public const string Tagged = "story-2";

    private SeededSite(QueryCapturingSite site, HttpClient reader, HttpClient api) => (Site, Reader, Api) = (site, reader, api);

    public QueryCapturingSite Site { get; }
    public HttpClient Reader { get; }
    public HttpClient Api { get; }

    public string DatabasePath => Path.Combine(Site.DataPath, "nashir.db");

    public static async Task<SeededSite> CreateAsync(int count)
    {
        var site = new QueryCapturingSite();
        var start = site.Clock.GetUtcNow().UtcDateTime.AddDays(-count);
        await site.WithDbAsync(async db =>
        {
            var local = new Category { Name = "محليات", Slug = Category, InNavigation = true, Position = 1 };
            var world = new Category { Name = "دولية", Slug = "world", InNavigation = true, Position = 2 };
            var tags = new[] { new Tag { Name = "انتخابات", Slug = Tag }, new Tag { Name = "نفط", Slug = "oil" } };
            var author = new Author { Name = "مراسل", Slug = Author };
            for (var i = 1; i <= count; i++)
            {
                var article = new Article
                {
                    Slug = "story-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Headline = "خبر رقم " + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Body = "<p>نص الخبر.</p>",
                    Status = ArticleStatus.Published,
                    CreatedAt = start.AddHours(i),
                    // The two measured articles are the oldest, so nothing newer is near them by accident.
                    PublishedAt = start.AddHours(i),
                    Category = i % 3 == 0 ? world : local,
                };
                if (i != 1)
                {
                    article.Tags.Add(tags[i % 2]);
                    if (i == 2)
                        article.Tags.Add(tags[1]);
                }
                if (i % 2 == 0)
                    article.Authors.Add(author);
                if (i % 5 == 0)
                    article.Comments.Add(new Comment { Name = "قارئ", Text = "تعليق", Status = CommentStatus.Approved, CreatedAt = start.AddHours(i + 1) });
                db.Articles.Add(article);
            }
            await db.SaveChangesAsync();
        });
        var api = await site.CreateApiClientAsync();
        await site.SearchCaughtUpAsync();
        return new SeededSite(site, site.CreateReader(), api);
    }

    public async ValueTask DisposeAsync()
    {
        Reader.Dispose();
        Api.Dispose();
        await Site.DisposeAsync();
    }
}

/// <summary>Two seeded sites, 65 and 400 articles, shared by the tests of this class (seeding is the slow part).</summary>
public sealed class SmallAndLargeSites : IAsyncLifetime
{
    public SeededSite Small { get; private set; } = null!;
    public SeededSite Large { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Small = await SeededSite.CreateAsync(65);
        Large = await SeededSite.CreateAsync(400);
    }

    public async ValueTask DisposeAsync()
    {
        await Small.DisposeAsync();
        await Large.DisposeAsync();
    }
}

/// <summary>
/// "Cost never grows with the archive" (docs/ARCHITECTURE.md, Query shapes): every reader page, feed, sitemap and API
/// read runs the same number of queries at 400 articles as at 65, and SQLite's plan for each of them seeks an index
/// instead of scanning Articles or Comments.
/// </summary>
public sealed class QueryCostTests(SmallAndLargeSites sites) : IClassFixture<SmallAndLargeSites>
{
    public static TheoryData<string, string> ReaderAddresses => new()
    {
        { "home", "/" },
        { "article without tags", NashirFactory.ArticlePath(SeededSite.Untagged) },
        { "article with tags", NashirFactory.ArticlePath(SeededSite.Tagged) },
        { "category page 1", NashirFactory.ListingPath("category", SeededSite.Category) },
        { "category page 2", NashirFactory.ListingPath("category", SeededSite.Category, 2) },
        { "tag", NashirFactory.ListingPath("tag", SeededSite.Tag) },
        { "author", NashirFactory.ListingPath("author", SeededSite.Author) },
        { "search", "/search?q=" + Uri.EscapeDataString("خبر") },
        { "RSS", "/feed" },
        { "Atom", "/feed/atom" },
        { "category feed", "/category/" + SeededSite.Category + "/feed" },
        { "tag feed", "/tag/" + SeededSite.Tag + "/feed" },
        { "author feed", "/author/" + SeededSite.Author + "/feed" },
        { "news sitemap", "/sitemap-news.xml" },
        { "article sitemap", "/sitemap-articles-1.xml" },
        { "API list", "/api/v1/articles" },
        { "API list by tag", "/api/v1/articles?tag=" + SeededSite.Tag },
        { "API item", "/api/v1/articles/" + SeededSite.Tagged },
    };

    private static async Task<List<CapturedCommand>> WarmQueriesAsync(SeededSite site, string path)
    {
        var client = path.StartsWith("/api/", StringComparison.Ordinal) ? site.Api : site.Reader;
        // The first request fills what the site keeps in memory (settings, navigation); the second is every later one.
        await site.Site.QueriesOfAsync(client, path);
        return await site.Site.QueriesOfAsync(client, path);
    }

    [Theory]
    [MemberData(nameof(ReaderAddresses))]
    public async Task Page_runs_as_many_queries_with_400_articles_as_with_65(string page, string path)
    {
        var small = await WarmQueriesAsync(sites.Small, path);
        var large = await WarmQueriesAsync(sites.Large, path);

        Assert.True(small.Count == large.Count,
            $"{page}: {small.Count} queries with 65 articles, {large.Count} with 400:\n" + string.Join("\n---\n", large.Select(c => c.Sql)));
    }

    [Theory]
    [MemberData(nameof(ReaderAddresses))]
    public async Task Page_queries_seek_and_never_scan_articles_or_comments(string page, string path)
    {
        var commands = await WarmQueriesAsync(sites.Large, path);

        var scans = new List<string>();
        foreach (var command in commands)
        {
            var plan = await QueryPlans.ExplainAsync(sites.Large.DatabasePath, command);
            foreach (var line in QueryPlans.FullScans(command.Sql, plan))
                scans.Add($"{line}\n  in: {command.Sql}\n  plan: {string.Join(" | ", plan)}");
        }
        Assert.True(scans.Count == 0, $"{page} scans the archive:\n" + string.Join("\n\n", scans));
    }

    /// <summary>
    /// Lists whose size is their point: the API's total is counted (up to ArticleQueries.MaxListed), and a sitemap
    /// page lists every article in its id range (at most 50,000).
    /// </summary>
    private static readonly string[] GrowByDesign = ["API list", "API list by tag", "article sitemap"];

    /// <summary>The page types whose work must not grow: all but <see cref="GrowByDesign"/>.</summary>
    public static TheoryData<string, string> FlatCostAddresses
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var row in ReaderAddresses)
            {
                var (page, path) = row.Data;
                if (!GrowByDesign.Contains(page))
                    data.Add(page, path);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(FlatCostAddresses))]
    public async Task Page_queries_do_as_much_work_with_400_articles_as_with_65(string page, string path)
    {
        var small = await WarmQueriesAsync(sites.Small, path);
        var large = await WarmQueriesAsync(sites.Large, path);
        Assert.Equal(small.Count, large.Count);

        var grown = new List<string>();
        for (var i = 0; i < large.Count; i++)
        {
            var before = await QueryPlans.StepsAsync(sites.Small.DatabasePath, small[i]);
            var after = await QueryPlans.StepsAsync(sites.Large.DatabasePath, large[i]);
            // Nine times the articles; a query that seeks does the same work give or take a few rows.
            if (before is { } b && after is { } a && a > (b * 3 / 2) + 200)
                grown.Add($"{b} steps with 65 articles, {a} with 400:\n  {large[i].Sql}");
        }
        Assert.True(grown.Count == 0, $"{page} does more work as the archive grows:\n" + string.Join("\n\n", grown));
    }

    [Fact]
    public async Task Settings_and_navigation_are_read_once_and_again_after_a_change()
    {
        var site = sites.Small;
        var before = await WarmQueriesAsync(site, "/");
        Assert.DoesNotContain(before, c => c.Sql.Contains("\"SiteSettings\"", StringComparison.Ordinal));

        await site.Site.WithDbAsync(async db =>
        {
            var category = db.Categories.Single(c => c.Slug == "world");
            category.Name = "العالم";
            await db.SaveChangesAsync();
        });
        var home = await site.Reader.GetStringAsync("/");

        Assert.Contains("العالم", home, StringComparison.Ordinal);
        Assert.Contains(site.Site.Capture.Last!, c => c.Sql.Contains("\"SiteSettings\"", StringComparison.Ordinal));
        await site.Site.WithDbAsync(async db =>
        {
            db.Categories.Single(c => c.Slug == "world").Name = "دولية";
            await db.SaveChangesAsync();
        });
    }
}
