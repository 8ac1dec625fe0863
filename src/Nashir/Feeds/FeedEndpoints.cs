using System.Globalization;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Arabic;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Media;
using Nashir.Site;

namespace Nashir.Feeds;

/// <summary>Feed addresses, for the pages that advertise them.</summary>
public static class FeedLinks
{
    public const string Site = "/feed";
    public const string SiteAtom = "/feed/atom";

    /// <summary><c>/category/{slug}/feed</c> (RSS) or <c>…/feed/atom</c>; kind is category, tag or author.</summary>
    public static string Listing(string kind, string slug, bool atom = false) =>
        "/" + kind + "/" + Slugs.ToUrlSegment(slug) + "/feed" + (atom ? "/atom" : "");
}

/// <summary>What the feed endpoints need from the request and the services.</summary>
public readonly record struct FeedRequest(
    HttpContext Http,
    NashirDb Db,
    IOptions<NashirOptions> Site,
    IOptions<FeedOptions> Feeds,
    TimeProvider Clock,
    SiteSettingsCache SiteCache,
    CancellationToken Ct);

/// <summary>
/// RSS 2.0 and Atom 1.0 feeds of the latest published articles: the whole site (<c>/feed</c>, <c>/feed/atom</c>)
/// and each category, tag and author (<c>/category/{slug}/feed</c>, <c>…/feed/atom</c>). Three segments, so they
/// never meet the listing pages' <c>/{kind}/{slug}</c>.
/// </summary>
public static class FeedEndpoints
{
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];
    private const string ListingPattern = "/{kind:regex(^(category|tag|author)$)}/{slug}/feed";

    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        var site = app.MapMethods(FeedLinks.Site, GetOrHead, ([AsParameters] FeedRequest r) => FeedAsync(r, null, null, atom: false));
        var siteAtom = app.MapMethods(FeedLinks.SiteAtom, GetOrHead, ([AsParameters] FeedRequest r) => FeedAsync(r, null, null, atom: true));
        var listing = app.MapMethods(ListingPattern, GetOrHead, ([AsParameters] FeedRequest r, string kind, string slug) => FeedAsync(r, kind, slug, atom: false));
        var listingAtom = app.MapMethods(ListingPattern + "/atom", GetOrHead, ([AsParameters] FeedRequest r, string kind, string slug) => FeedAsync(r, kind, slug, atom: true));
        app.MapSitemaps();
        foreach (var feed in new[] { site, siteAtom, listing, listingAtom })
            feed.CacheOutput(ReaderCachePolicy.FrontPolicy);
        return app;
    }

    private static readonly XNamespace Media = "http://search.yahoo.com/mrss/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";

    private sealed record FeedArticle(
        int Id,
        string Slug,
        string Headline,
        string? Dek,
        string? SeoDescription,
        string? Body,
        DateTime CreatedAt,
        DateTime PublishedAt,
        DateTime? UpdatedAt,
        string? CategoryName,
        List<string> Tags,
        List<string> Authors,
        string? ImagePath,
        string? ImageVariants,
        string? ImageType,
        int ImageWidth,
        int ImageHeight,
        long ImageBytes,
        string? ImageCaption);

    private static async Task<IResult> FeedAsync(FeedRequest r, string? kind, string? slug, bool atom)
    {
        var (db, ct) = (r.Db, r.Ct);
        var options = r.Feeds.Value;
        var now = r.Clock.GetUtcNow().UtcDateTime;
        var origin = NashirLinks.Origin(r.Site.Value.PublicUrl, r.Http.Request);
        if (!Uri.TryCreate(origin + "/", UriKind.Absolute, out var originUri))
            return BadHost();

        var settings = (await r.SiteCache.GetAsync(ct)).Settings;
        var latest = db.Public(now).Latest().Take(options.Items);
        string title = settings.SiteName, pagePath = "/";
        var description = settings.Tagline;
        switch (kind)
        {
            case null:
                CacheTags.Add(r.Http, CacheTags.Fronts);
                break;
            case "category":
                var category = await db.Categories.AsNoTracking().Where(c => c.Slug == slug).Select(c => new { c.Id, c.Name, c.Description }).FirstOrDefaultAsync(ct);
                if (category is null)
                    return Results.NotFound();
                (title, description, pagePath) = (category.Name + " - " + settings.SiteName, category.Description ?? description, NashirLinks.Category(slug!));
                latest = db.Public(now).Where(a => a.CategoryId == category.Id).Latest().Take(options.Items);
                CacheTags.Add(r.Http, CacheTags.Category(category.Id));
                break;
            case "tag":
                // A tag or author with nothing readers may see has no feed, as it has no page.
                var tag = await db.PublicTags(now).AsNoTracking().Where(t => t.Slug == slug).Select(t => new { t.Id, t.Name }).FirstOrDefaultAsync(ct);
                if (tag is null)
                {
                    // A renamed or merged tag: subscribers of its old feed are sent to the current one, as its page does.
                    var current = await db.PublicTagFormerly(slug!, now).Select(t => t.Slug).FirstOrDefaultAsync(ct);
                    return current is null ? Results.NotFound() : Results.Redirect(FeedLinks.Listing("tag", current, atom), permanent: true);
                }
                (title, pagePath) = (tag.Name + " - " + settings.SiteName, NashirLinks.Tag(slug!));
                latest = db.TaggedPage(tag.Id, now, 0, options.Items);
                CacheTags.Add(r.Http, CacheTags.Tag(tag.Id));
                break;
            case "author":
                var author = await db.PublicAuthors(now).AsNoTracking().Where(x => x.Slug == slug).Select(x => new { x.Id, x.Name, x.Bio }).FirstOrDefaultAsync(ct);
                if (author is null)
                    return Results.NotFound();
                (title, description, pagePath) = (author.Name + " - " + settings.SiteName, author.Bio ?? description, NashirLinks.Author(slug!));
                latest = db.AuthorPage(author.Id, now, 0, options.Items);
                CacheTags.Add(r.Http, CacheTags.Author(author.Id));
                break;
            default:
                return Results.NotFound();
        }

        var full = options.FullContent;
        var items = await latest
            .Select(a => new FeedArticle(
                a.Id,
                a.Slug,
                a.Headline,
                a.Dek,
                a.SeoDescription,
                // The body is read only when it is sent, or when there is no dek to summarise the article.
                full || (a.Dek == null && a.SeoDescription == null) ? a.Body : null,
                a.CreatedAt,
                a.PublishedAt!.Value,
                a.UpdatedAt,
                a.Category == null ? null : a.Category.Name,
                a.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList(),
                a.Authors.OrderBy(x => x.Name).Select(x => x.Name).ToList(),
                a.LeadImage == null ? null : a.LeadImage.Path,
                a.LeadImage == null ? null : a.LeadImage.Variants,
                a.LeadImage == null ? null : a.LeadImage.ContentType,
                a.LeadImage == null ? 0 : a.LeadImage.Width,
                a.LeadImage == null ? 0 : a.LeadImage.Height,
                a.LeadImage == null ? 0 : a.LeadImage.SizeBytes,
                a.LeadImageCaption ?? a.LeadImageAlt ?? (a.LeadImage == null ? null : a.LeadImage.Alt)))
            .AsSplitQuery()
            .ToListAsync(ct);
        CacheTags.AddArticles(r.Http, items.Select(a => a.Id));

        // REVIEW: Last-Modified is the latest change among the items, so an article taken down (which stamps no time)
        // leaves it as it was; clients that send If-None-Match (most feed readers) see the change at once, those that
        // send only If-Modified-Since at the next publication.
        var lastChange = items.Count > 0
            ? items.Max(a => a.UpdatedAt ?? a.PublishedAt)
            : await db.Public(now).MaxAsync(a => (DateTime?)(a.UpdatedAt ?? a.PublishedAt), ct) ?? DateTime.UnixEpoch;

        var selfPath = kind is null ? (atom ? FeedLinks.SiteAtom : FeedLinks.Site) : FeedLinks.Listing(kind, slug!, atom);
        var contentType = atom ? XmlResponses.Atom : XmlResponses.Rss;
        var feed = new SyndicationFeed
        {
            Id = origin + selfPath,
            Title = new TextSyndicationContent(XmlSafe.Clean(title)),
            // RSS requires a channel description; a site without a tagline describes the feed by its title.
            Description = PlainText(XmlSafe.CleanOrNull(description) ?? XmlSafe.Clean(title), atom),
            Language = "ar",
            LastUpdatedTime = Utc(lastChange),
            Generator = "Nashir",
        };
        feed.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(origin + pagePath), "text/html"));
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(origin + selfPath), contentType[..contentType.IndexOf(';', StringComparison.Ordinal)]));
        DeclarePrefix(feed, "media", Media);
        if (atom)
            feed.Authors.Add(new SyndicationPerson(null, XmlSafe.Clean(settings.SiteName), origin + "/")); // Atom wants an author for every entry
        else
        {
            DeclarePrefix(feed, "dc", Dc);
            if (full)
                DeclarePrefix(feed, "content", Content);
        }

        var mediaRoot = Path.GetFullPath(r.Site.Value.MediaPath);
        feed.Items = items.Select(a => Item(a, origin, originUri.IdnHost, atom, full, mediaRoot)).ToList();

        return XmlResponses.Write(r.Http, contentType, lastChange, options.MaxAge, writer =>
        {
            if (atom)
                new Atom10FeedFormatter(feed).WriteTo(writer);
            else
                new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: true).WriteTo(writer);
        });
    }

    private static SyndicationItem Item(FeedArticle a, string origin, string host, bool atom, bool full, string mediaRoot)
    {
        var item = new SyndicationItem
        {
            // A tag URI, not the article's address: the slug may change with the headline, and readers would show
            // the article again as new.
            Id = string.Create(CultureInfo.InvariantCulture, $"tag:{host},{a.CreatedAt:yyyy-MM-dd}:article:{a.Id}"),
            Title = new TextSyndicationContent(XmlSafe.Clean(a.Headline)),
            PublishDate = Utc(a.PublishedAt),
            LastUpdatedTime = Utc(a.UpdatedAt ?? a.PublishedAt),
        };
        item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(origin + NashirLinks.Article(a.Slug)), "text/html"));
        if (Summary(a) is { Length: > 0 } summary)
            item.Summary = PlainText(summary, atom);
        if (full && !string.IsNullOrEmpty(a.Body))
        {
            var body = XmlSafe.Clean(BodySanitizer.WithDirections(a.Body));
            if (atom)
                item.Content = new TextSyndicationContent(body, TextSyndicationContentKind.Html);
            else
                item.ElementExtensions.Add(new XElement(Content + "encoded", Prefix("content", Content), body));
        }
        if (a.CategoryName is not null)
            item.Categories.Add(new SyndicationCategory(XmlSafe.Clean(a.CategoryName)));
        foreach (var tag in a.Tags)
            item.Categories.Add(new SyndicationCategory(XmlSafe.Clean(tag)));
        foreach (var author in a.Authors)
        {
            // RSS's <author> must be an e-mail address; dc:creator is what RSS readers show as the writer.
            if (atom)
                item.Authors.Add(new SyndicationPerson(null, XmlSafe.Clean(author), null));
            else
                item.ElementExtensions.Add(new XElement(Dc + "creator", Prefix("dc", Dc), XmlSafe.Clean(author)));
        }
        if (a.ImagePath is not null)
            AddImage(item, a, origin, mediaRoot);
        return item;
    }

    /// <summary>The lead image as an enclosure (what RSS readers download) and as media:content (what they show).</summary>
    private static void AddImage(SyndicationItem item, FeedArticle a, string origin, string mediaRoot)
    {
        var widths = MediaUrls.Widths(a.ImageVariants);
        string file, type;
        int width = a.ImageWidth, height = a.ImageHeight;
        if (widths.Count == 0)
        {
            (file, type) = (a.ImagePath!, a.ImageType ?? "image/jpeg");
        }
        else
        {
            // The same file as the page's plain src: a JPEG every reader can show, about an article column wide.
            var chosen = widths.FirstOrDefault(w => w >= MediaUrls.DefaultWidth, widths[^1]);
            (file, type) = (MediaUrls.VariantFile(a.ImagePath!, chosen, MediaFormat.Jpeg), "image/jpeg");
            if (width > 0)
                height = (int)Math.Round((double)a.ImageHeight * chosen / width);
            width = chosen;
        }
        var url = origin + MediaUrls.Src(a.ImagePath!, a.ImageVariants, MediaUrls.DefaultWidth, MediaFormat.Jpeg);
        // An enclosure's length is the size of the file it points to; the item's SizeBytes is the original upload's,
        // so the resized file on disk is asked first.
        var length = FileLength(mediaRoot, file) ?? a.ImageBytes;
        item.Links.Add(SyndicationLink.CreateMediaEnclosureLink(new Uri(url), type, length));

        var content = new XElement(Media + "content", Prefix("media", Media),
            new XAttribute("url", url), new XAttribute("medium", "image"), new XAttribute("type", type));
        if (width > 0 && height > 0)
        {
            content.Add(new XAttribute("width", width.ToString(CultureInfo.InvariantCulture)));
            content.Add(new XAttribute("height", height.ToString(CultureInfo.InvariantCulture)));
        }
        if (length > 0)
            content.Add(new XAttribute("fileSize", length.ToString(CultureInfo.InvariantCulture)));
        if (XmlSafe.CleanOrNull(a.ImageCaption) is { } caption)
            content.Add(new XElement(Media + "description", new XAttribute("type", "plain"), caption));
        item.ElementExtensions.Add(content);
    }

    private static long? FileLength(string mediaRoot, string relative)
    {
        try
        {
            var info = new FileInfo(Path.Combine(mediaRoot, relative));
            return info.Exists ? info.Length : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Plain text for a description or summary. Atom marks it <c>type="text"</c>; RSS readers take a description as
    /// HTML, so there the text goes HTML-encoded (and the XML writer escapes that once more): a dek that says
    /// <c>&lt;b&gt;</c> shows those characters, and markup typed into a text field never becomes markup in a reader.
    /// </summary>
    private static TextSyndicationContent PlainText(string text, bool atom) =>
        new(atom ? text : HtmlEncoded(text), TextSyndicationContentKind.Plaintext);

    private static string HtmlEncoded(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>The dek; else the SEO description; else the body's first words.</summary>
    private static string Summary(FeedArticle a)
    {
        if (!string.IsNullOrWhiteSpace(a.Dek))
            return XmlSafe.Clean(a.Dek);
        if (!string.IsNullOrWhiteSpace(a.SeoDescription))
            return XmlSafe.Clean(a.SeoDescription);
        return XmlSafe.Clean(Excerpt(Search.HtmlText.ToPlainText(a.Body), 300));
    }

    private static string Excerpt(string text, int max)
    {
        text = text.Replace('\n', ' ');
        if (text.Length <= max)
            return text;
        var cut = text.LastIndexOf(' ', max);
        return string.Concat(text.AsSpan(0, cut > max / 2 ? cut : max), "…");
    }

    // Declared once on the root; each extension element also carries its prefix, or the formatter would write
    // it with a default namespace of its own.
    private static void DeclarePrefix(SyndicationFeed feed, string prefix, XNamespace ns) =>
        feed.AttributeExtensions.Add(new XmlQualifiedName(prefix, "http://www.w3.org/2000/xmlns/"), ns.NamespaceName);

    private static XAttribute Prefix(string prefix, XNamespace ns) => new(XNamespace.Xmlns + prefix, ns.NamespaceName);

    private static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    internal static IResult BadHost() => Results.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "طلب غير صالح",
        Detail = "اسم المضيف في الطلب غير صالح.",
    });
}
