using System.Diagnostics;
using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;

namespace Nashir.Tests.Feeds;

public sealed class SitemapTests
{
    private static readonly XNamespace S = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace N = "http://www.google.com/schemas/sitemap-news/0.9";
    private static readonly DateTime Start = new(2024, 9, 30, 0, 0, 0, DateTimeKind.Utc);

    private static List<string> Locs(XDocument doc) => doc.Descendants(S + "loc").Select(l => l.Value).ToList();

    private static string Local(string absolute) => new Uri(absolute).PathAndQuery;

    [Fact]
    public async Task Index_names_the_sections_news_and_article_sitemaps()
    {
        using var site = new NashirFactory().With("Nashir:PublicUrl", "https://alraai.example");
        await site.PublishAsync("خبر", Start, configure: a => a.UpdatedAt = Start.AddHours(5));

        using var response = await site.CreateReader().GetAsync("/sitemap.xml");
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var index = await site.CreateReader().GetXmlAsync("/sitemap.xml");

        Assert.Equal(S + "sitemapindex", index.Root!.Name);
        Assert.Equal(
            ["https://alraai.example/sitemap-sections.xml", "https://alraai.example/sitemap-news.xml", "https://alraai.example/sitemap-articles-1.xml"],
            Locs(index));
        Assert.All(index.Root.Elements(S + "sitemap"), s => Assert.Equal("2024-09-30T05:00:00+00:00", s.Element(S + "lastmod")!.Value));
    }

    [Fact]
    public async Task Article_sitemap_lists_only_published_articles_with_their_last_change()
    {
        using var site = new NashirFactory();
        var old = await site.PublishAsync("خبر قديم", Start);
        var edited = await site.PublishAsync("خبر معدل", Start.AddHours(1), configure: a => a.UpdatedAt = Start.AddHours(7));
        await site.DraftAsync("مسودة");
        await site.DraftAsync("خبر مجدول", ArticleStatus.Scheduled);
        await site.PublishAsync("خبر مسحوب", Start, configure: a => a.Status = ArticleStatus.Unpublished);
        await site.PublishAsync("خبر في المستقبل", site.Clock.GetUtcNow().UtcDateTime.AddMinutes(5));

        var urls = (await site.CreateReader().GetXmlAsync("/sitemap-articles-1.xml")).Root!.Elements(S + "url")
            .ToDictionary(u => u.Element(S + "loc")!.Value, u => u.Element(S + "lastmod")!.Value);

        Assert.Equal(2, urls.Count);
        Assert.Equal("2024-09-30T00:00:00+00:00", urls[FeedSteps.ArticleUrl(old.Slug)]);
        Assert.Equal("2024-09-30T07:00:00+00:00", urls[FeedSteps.ArticleUrl(edited.Slug)]);
    }

    [Fact]
    public async Task Arabic_slugs_are_percent_encoded_in_loc()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("رئيس الوزراء يزور عدن", Start);
        var category = await site.CreateCategoryAsync("عربي ودولي");

        var raw = await site.CreateReader().GetStringAsync("/sitemap-articles-1.xml");
        var loc = Locs(XDocument.Parse(raw)).Single();
        Assert.Equal("http://localhost/article/" + Uri.EscapeDataString(article.Slug), loc);
        Assert.Contains("<loc>http://localhost/article/%D8%B1%D8%A6%D9%8A%D8%B3-", raw, StringComparison.Ordinal);
        Assert.True(Uri.IsWellFormedUriString(loc, UriKind.Absolute));
        Assert.All(loc, c => Assert.True(c < 128));

        var sections = Locs(await site.CreateReader().GetXmlAsync("/sitemap-sections.xml"));
        Assert.Contains("http://localhost/category/" + Uri.EscapeDataString(category.Slug), sections);
        Assert.All(sections, s => Assert.True(Uri.IsWellFormedUriString(s, UriKind.Absolute)));
    }

    [Fact]
    public async Task Sitemaps_split_at_the_configured_page_size()
    {
        using var site = new NashirFactory().With("Nashir:Feeds:SitemapPageSize", "2");
        var articles = new List<Article>();
        for (var i = 1; i <= 5; i++)
            articles.Add(await site.PublishAsync($"خبر رقم {i}", Start.AddMinutes(i)));
        var reader = site.CreateReader();

        var pages = Locs(await reader.GetXmlAsync("/sitemap.xml")).Where(l => l.Contains("sitemap-articles-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["http://localhost/sitemap-articles-1.xml", "http://localhost/sitemap-articles-2.xml", "http://localhost/sitemap-articles-3.xml"], pages);

        var all = new List<string>();
        foreach (var page in pages)
        {
            var locs = Locs(await reader.GetXmlAsync(Local(page)));
            Assert.InRange(locs.Count, 1, 2);
            all.AddRange(locs);
        }
        Assert.Equal(articles.Select(a => FeedSteps.ArticleUrl(a.Slug)), all);

        using var beyond = await reader.GetAsync("/sitemap-articles-4.xml");
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
        using var zero = await reader.GetAsync("/sitemap-articles-0.xml");
        Assert.Equal(HttpStatusCode.NotFound, zero.StatusCode);
        using var huge = await reader.GetAsync("/sitemap-articles-99999999999.xml");
        Assert.Equal(HttpStatusCode.NotFound, huge.StatusCode);
    }

    [Fact]
    public async Task News_sitemap_holds_the_last_48_hours_with_publication_name_and_language()
    {
        using var site = new NashirFactory(now: new DateTimeOffset(2024, 10, 3, 12, 0, 0, TimeSpan.Zero));
        var now = site.Clock.GetUtcNow().UtcDateTime;
        await site.PublishAsync("خبر من ثلاثة أيام", now.AddHours(-72));
        await site.PublishAsync("خبر قبل 49 ساعة", now.AddHours(-49));
        var recent = await site.PublishAsync("خبر قبل 47 ساعة", now.AddHours(-47));
        var latest = await site.PublishAsync("خبر قبل ساعة", now.AddHours(-1));
        await site.PublishAsync("خبر في المستقبل", now.AddHours(1));
        await site.DraftAsync("مسودة حديثة");

        var doc = await site.CreateReader().GetXmlAsync("/sitemap-news.xml");

        var urls = doc.Root!.Elements(S + "url").ToList();
        Assert.Equal([FeedSteps.ArticleUrl(latest.Slug), FeedSteps.ArticleUrl(recent.Slug)], urls.Select(u => u.Element(S + "loc")!.Value));
        var news = urls[0].Element(N + "news")!;
        Assert.Equal("الرأي برس", news.Element(N + "publication")!.Element(N + "name")!.Value);
        Assert.Equal("ar", news.Element(N + "publication")!.Element(N + "language")!.Value);
        Assert.Equal("2024-10-03T11:00:00+00:00", news.Element(N + "publication_date")!.Value);
        Assert.Equal("خبر قبل ساعة", news.Element(N + "title")!.Value);
    }

    [Fact]
    public async Task News_sitemap_stops_at_a_thousand()
    {
        using var site = new NashirFactory();
        await InsertArticlesAsync(site, 1005, minutesApart: 1);

        var doc = await site.CreateReader().GetXmlAsync("/sitemap-news.xml");

        Assert.Equal(1000, doc.Root!.Elements(S + "url").Count());
    }

    [Fact]
    public async Task Sections_sitemap_lists_home_categories_and_live_tags_and_authors()
    {
        using var site = new NashirFactory();
        var sport = await site.CreateCategoryAsync("رياضة");
        var empty = await site.CreateCategoryAsync("ثقافة");
        var article = await site.PublishAsync("نتيجة المباراة", Start.AddHours(3), sport.Id);
        var draft = await site.DraftAsync("مسودة");
        await site.TagAsync("كرة القدم", article);
        await site.TagAsync("وسم المسودات", draft);
        await site.AuthorAsync("سعيد الكاتب", article);
        await site.AuthorAsync("كاتب بلا مقالات");

        var urls = (await site.CreateReader().GetXmlAsync("/sitemap-sections.xml")).Root!.Elements(S + "url")
            .ToDictionary(u => Local(u.Element(S + "loc")!.Value), u => u.Element(S + "lastmod")?.Value);

        Assert.Equal(
            ["/", NashirFactory.ListingPath("category", sport.Slug), NashirFactory.ListingPath("category", empty.Slug),
                NashirFactory.ListingPath("author", "سعيد-الكاتب"), NashirFactory.ListingPath("tag", "كرة-القدم")],
            urls.Keys);
        Assert.Equal("2024-09-30T03:00:00+00:00", urls[NashirFactory.ListingPath("category", sport.Slug)]);
        Assert.Null(urls[NashirFactory.ListingPath("category", empty.Slug)]);
    }

    [Fact]
    public async Task Robots_txt_names_the_sitemaps_and_keeps_crawlers_out_of_the_newsroom()
    {
        using var site = new NashirFactory().With("Nashir:PublicUrl", "https://alraai.example/");

        using var response = await site.CreateReader().GetAsync("/robots.txt");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');

        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("User-agent: *", lines);
        Assert.Contains("Disallow: /newsroom", lines);
        Assert.Contains("Sitemap: https://alraai.example/sitemap.xml", lines);
        Assert.Contains("Sitemap: https://alraai.example/sitemap-news.xml", lines);
    }

    [Theory]
    [InlineData("/sitemap.xml")]
    [InlineData("/sitemap-articles-1.xml")]
    [InlineData("/sitemap-sections.xml")]
    [InlineData("/sitemap-news.xml")]
    public async Task Sitemap_answers_304_when_etag_matches(string path)
    {
        using var site = new NashirFactory();
        await site.PublishAsync("خبر", site.Clock.GetUtcNow().UtcDateTime.AddHours(-1));
        var reader = site.CreateReader();

        using var first = await reader.GetAsync(path);
        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var response = await reader.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Forty_thousand_articles_make_one_sitemap_quickly()
    {
        // The sitemap's own queries: without the output cache, which would answer the measured request itself.
        using var site = new NashirFactory().With("Nashir:OutputCache:Enabled", "false");
        await InsertArticlesAsync(site, 40_000, minutesApart: 1);
        var (sql, reader) = SqlCounter.For(site);
        using var _ = sql;
        using (await reader.GetAsync("/sitemap-articles-1.xml")) { } // warm-up: compiled queries, JIT

        var clock = Stopwatch.StartNew();
        var (sitemap, pageQueries) = await sql.CountAsync(() => reader.GetXmlAsync("/sitemap-articles-1.xml"));
        var (index, indexQueries) = await sql.CountAsync(() => reader.GetXmlAsync("/sitemap.xml"));
        clock.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"40,000-URL sitemap and the index: {clock.ElapsedMilliseconds} ms");

        Assert.Equal(40_000, sitemap.Root!.Elements(S + "url").Count());
        Assert.Single(Locs(index), l => l.Contains("sitemap-articles-", StringComparison.Ordinal));
        Assert.Equal(1, pageQueries);
        Assert.Equal(1, indexQueries);
        // The query counts above are the real check (no query per article); the time bound only catches something
        // badly wrong, and is loose because this machine is shared (2-5 s with dozens of builds running beside it).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"sitemap took {clock.Elapsed}");
    }

    /// <summary>Many published articles in one statement, ending at the test clock's now.</summary>
    private static Task InsertArticlesAsync(NashirFactory site, int count, int minutesApart) =>
        site.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {0})
            INSERT INTO Articles (Slug, Headline, Body, Status, CreatedAt, PublishedAt, CommentMode, IsBreaking, IsFeatured, Version)
            SELECT 'خبر-رقم-' || i, 'خبر رقم ' || i, '<p>نص</p>', 3, {1},
                   strftime('%Y-%m-%d %H:%M:%S', {1}, '-' || (({0} - i) * {2}) || ' minutes'), 0, 0, 0, 1
            FROM n
            """,
            count, site.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), minutesApart));
}
