using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Feeds;

/// <summary>
/// <c>/sitemap.xml</c> (the index), <c>/sitemap-articles-{n}.xml</c> (published articles, paged by id range so a
/// file's contents stay put as new articles arrive), <c>/sitemap-sections.xml</c> (home, categories, authors,
/// tags), <c>/sitemap-news.xml</c> (Google News: the last 48 hours) and <c>/robots.txt</c> naming them.
/// Each query reads only the columns a URL needs (slug and times), so a 50,000-URL file is one index range scan.
/// </summary>
public static class SitemapEndpoints
{
    public const string Index = "/sitemap.xml";
    public const string Sections = "/sitemap-sections.xml";
    public const string News = "/sitemap-news.xml";

    public static string ArticlePage(int page) => string.Create(CultureInfo.InvariantCulture, $"/sitemap-articles-{page}.xml");

    private const string SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string NewsNs = "http://www.google.com/schemas/sitemap-news/0.9";
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapSitemaps(this IEndpointRouteBuilder app)
    {
        // Every sitemap lists the archive or its newest part: each publication evicts them with the fronts.
        foreach (var map in new[] { app.MapMethods(Index, GetOrHead, IndexAsync), app.MapMethods("/sitemap-articles-{page:int}.xml", GetOrHead, ArticlesAsync),
                     app.MapMethods(Sections, GetOrHead, SectionsAsync), app.MapMethods(News, GetOrHead, NewsAsync) })
            map.CacheOutput(ReaderCachePolicy.FrontPolicy).AddEndpointFilter((context, next) =>
            {
                CacheTags.Add(context.HttpContext, CacheTags.Fronts);
                return next(context);
            });
        app.MapMethods("/robots.txt", GetOrHead, Robots);
        return app;
    }

    private static IQueryable<Article> Live(NashirDb db, DateTime now) => db.Public(now);

    private static async Task<IResult> IndexAsync([AsParameters] FeedRequest r)
    {
        var origin = NashirLinks.Origin(r.Site.Value.PublicUrl, r.Http.Request);
        var now = r.Clock.GetUtcNow().UtcDateTime;
        var size = PageSize(r);
        // One grouped scan gives every non-empty page and its latest change; empty id ranges get no file.
        var pages = await Live(r.Db, now)
            .GroupBy(a => (a.Id - 1) / size)
            .Select(g => new { Page = g.Key + 1, Last = g.Max(a => a.UpdatedAt ?? a.PublishedAt) })
            .OrderBy(p => p.Page)
            .ToListAsync(r.Ct);
        var last = pages.Count == 0 ? null : pages.Max(p => p.Last);
        return XmlResponses.Write(r.Http, XmlResponses.Xml, last, r.Feeds.Value.MaxAge, w =>
        {
            w.WriteStartElement("sitemapindex", SitemapNs);
            WriteSitemap(w, origin + Sections, last);
            WriteSitemap(w, origin + News, last);
            foreach (var page in pages)
                WriteSitemap(w, origin + ArticlePage(page.Page), page.Last);
            w.WriteEndElement();
        });
    }

    private static async Task<IResult> ArticlesAsync([AsParameters] FeedRequest r, int page)
    {
        var size = PageSize(r);
        if (page < 1 || page > (int.MaxValue / size) + 1)
            return Results.NotFound();
        var origin = NashirLinks.Origin(r.Site.Value.PublicUrl, r.Http.Request);
        var now = r.Clock.GetUtcNow().UtcDateTime;
        long from = (long)(page - 1) * size, to = (long)page * size;
        var urls = await Live(r.Db, now)
            .Where(a => a.Id > from && a.Id <= to)
            .OrderBy(a => a.Id)
            .Select(a => new { a.Slug, Last = a.UpdatedAt ?? a.PublishedAt })
            .ToListAsync(r.Ct);
        if (urls.Count == 0)
            return Results.NotFound();
        var last = urls.Max(u => u.Last);
        return XmlResponses.Write(r.Http, XmlResponses.Xml, last, r.Feeds.Value.MaxAge, w =>
        {
            w.WriteStartElement("urlset", SitemapNs);
            foreach (var url in urls)
                WriteUrl(w, origin + NashirLinks.Article(url.Slug), url.Last);
            w.WriteEndElement();
        });
    }

    private static async Task<IResult> SectionsAsync([AsParameters] FeedRequest r)
    {
        var (db, ct) = (r.Db, r.Ct);
        var origin = NashirLinks.Origin(r.Site.Value.PublicUrl, r.Http.Request);
        var now = r.Clock.GetUtcNow().UtcDateTime;
        var live = Live(db, now);
        var limit = PageSize(r) - 1; // the home page takes one place

        // Each page's lastmod is the latest change among its articles; tags and authors with nothing published have
        // no page worth crawling. Categories are listed even when empty: they are in the site's navigation.
        var categories = await db.Categories.AsNoTracking()
            .OrderBy(c => c.Position).ThenBy(c => c.Id)
            .Select(c => new Section(c.Slug, live.Where(a => a.CategoryId == c.Id).Max(a => a.UpdatedAt ?? a.PublishedAt)))
            .Take(limit)
            .ToListAsync(ct);
        limit -= categories.Count;
        var authors = await db.Authors.AsNoTracking()
            .Select(x => new { x.Slug, Last = live.Where(a => a.Authors.Any(au => au.Id == x.Id)).Max(a => a.UpdatedAt ?? a.PublishedAt) })
            .Where(s => s.Last != null)
            .OrderByDescending(s => s.Last)
            .Take(limit)
            .Select(s => new Section(s.Slug, s.Last))
            .ToListAsync(ct);
        limit -= authors.Count;
        // REVIEW: past the file's limit the least recently active tags are left out; a site with more than 50,000
        // live tags would need tag pages of their own.
        var tags = await db.Tags.AsNoTracking()
            .Select(t => new { t.Slug, Last = live.Where(a => a.Tags.Any(tg => tg.Id == t.Id)).Max(a => a.UpdatedAt ?? a.PublishedAt) })
            .Where(s => s.Last != null)
            .OrderByDescending(s => s.Last)
            .Take(limit)
            .Select(s => new Section(s.Slug, s.Last))
            .ToListAsync(ct);

        var last = categories.Concat(authors).Concat(tags).Max(s => s.Last);
        return XmlResponses.Write(r.Http, XmlResponses.Xml, last, r.Feeds.Value.MaxAge, w =>
        {
            w.WriteStartElement("urlset", SitemapNs);
            WriteUrl(w, origin + "/", last);
            foreach (var c in categories)
                WriteUrl(w, origin + NashirLinks.Category(c.Slug), c.Last);
            foreach (var x in authors)
                WriteUrl(w, origin + NashirLinks.Author(x.Slug), x.Last);
            foreach (var t in tags)
                WriteUrl(w, origin + NashirLinks.Tag(t.Slug), t.Last);
            w.WriteEndElement();
        });
    }

    private sealed record Section(string Slug, DateTime? Last);

    private static async Task<IResult> NewsAsync([AsParameters] FeedRequest r)
    {
        var (db, ct) = (r.Db, r.Ct);
        var origin = NashirLinks.Origin(r.Site.Value.PublicUrl, r.Http.Request);
        var now = r.Clock.GetUtcNow().UtcDateTime;
        var since = now - r.Feeds.Value.NewsWindow;
        var settings = (await r.SiteCache.GetAsync(ct)).Settings;
        var articles = await Live(db, now)
            .Where(a => a.PublishedAt >= since)
            .Latest()
            .Take(SitemapLimits.MaxNewsUrls)
            .Select(a => new { a.Slug, a.Headline, PublishedAt = a.PublishedAt!.Value, Last = a.UpdatedAt ?? a.PublishedAt })
            .ToListAsync(ct);
        var name = XmlSafe.Clean(settings.SiteName);
        var last = articles.Count == 0 ? (DateTime?)null : articles.Max(a => a.Last);
        return XmlResponses.Write(r.Http, XmlResponses.Xml, last, r.Feeds.Value.MaxAge, w =>
        {
            w.WriteStartElement("urlset", SitemapNs);
            w.WriteAttributeString("xmlns", "news", null, NewsNs);
            foreach (var a in articles)
            {
                w.WriteStartElement("url", SitemapNs);
                w.WriteElementString("loc", SitemapNs, origin + NashirLinks.Article(a.Slug));
                w.WriteStartElement("news", NewsNs);
                w.WriteStartElement("publication", NewsNs);
                w.WriteElementString("name", NewsNs, name);
                w.WriteElementString("language", NewsNs, "ar");
                w.WriteEndElement();
                w.WriteElementString("publication_date", NewsNs, XmlResponses.W3cDate(a.PublishedAt));
                w.WriteElementString("title", NewsNs, XmlSafe.Clean(a.Headline));
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
        });
    }

    private static IResult Robots(HttpContext http, Microsoft.Extensions.Options.IOptions<NashirOptions> site, Microsoft.Extensions.Options.IOptions<FeedOptions> feeds)
    {
        var origin = NashirLinks.Origin(site.Value.PublicUrl, http.Request);
        var text = new StringBuilder()
            .Append("User-agent: *\n")
            .Append("Disallow: /newsroom\n")
            .Append('\n')
            .Append("Sitemap: ").Append(origin).Append(Index).Append('\n')
            .Append("Sitemap: ").Append(origin).Append(News).Append('\n')
            .ToString();
        return XmlResponses.Conditional(http, Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8", null, feeds.Value.MaxAge);
    }

    private static int PageSize(FeedRequest r) => Math.Clamp(r.Feeds.Value.SitemapPageSize, 1, SitemapLimits.MaxUrls);

    private static void WriteSitemap(XmlWriter w, string loc, DateTime? last)
    {
        w.WriteStartElement("sitemap", SitemapNs);
        w.WriteElementString("loc", SitemapNs, loc);
        if (last is { } t)
            w.WriteElementString("lastmod", SitemapNs, XmlResponses.W3cDate(t));
        w.WriteEndElement();
    }

    private static void WriteUrl(XmlWriter w, string loc, DateTime? last)
    {
        w.WriteStartElement("url", SitemapNs);
        w.WriteElementString("loc", SitemapNs, loc);
        if (last is { } t)
            w.WriteElementString("lastmod", SitemapNs, XmlResponses.W3cDate(t));
        w.WriteEndElement();
    }
}
