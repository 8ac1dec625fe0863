using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Nashir.Articles;
using Nashir.Media;

namespace Nashir.Site;

/// <summary>A share target: a plain link to the network's own share page. No scripts, no trackers, no counters.</summary>
public sealed record ShareLink(string Network, string Label, string Href);

public static class ShareLinks
{
    /// <summary>WhatsApp, Telegram, Facebook and X, in the order Arabic readers use them most.</summary>
    public static IReadOnlyList<ShareLink> For(string url, string headline)
    {
        var u = Uri.EscapeDataString(url);
        var t = Uri.EscapeDataString(headline);
        return
        [
            new("whatsapp", "واتساب", $"https://wa.me/?text={Uri.EscapeDataString(headline + " " + url)}"),
            new("telegram", "تيليجرام", $"https://t.me/share/url?url={u}&text={t}"),
            new("facebook", "فيسبوك", $"https://www.facebook.com/sharer/sharer.php?u={u}"),
            new("x", "إكس", $"https://x.com/intent/post?url={u}&text={t}"),
        ];
    }
}

/// <summary>The lead image as link previews see it: one absolute JPEG address with its size.</summary>
public sealed record PreviewImage(string Url, int Width, int Height, string? Alt, string ContentType);

/// <summary>
/// What search engines and social networks read from an article page: the OpenGraph image and the schema.org
/// NewsArticle and BreadcrumbList graphs (JSON-LD).
/// </summary>
public static class StructuredData
{
    /// <summary>Facebook asks for at least 1200 px wide for large previews; Google for at least 1200 px too.</summary>
    public const int PreviewWidth = 1200;

    // Arabic stays readable in the page source; '<', '>' and '&' are still escaped, so no text can close the script element.
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>Raster images only: OpenGraph and Google do not show SVG previews.</summary>
    public static PreviewImage? Preview(Article article, string origin)
    {
        var item = article.LeadImage;
        if (item is null || item.ContentType.Contains("svg", StringComparison.OrdinalIgnoreCase))
            return null;
        var (src, width, height) = MediaUrls.Sized(item, PreviewWidth);
        var type = MediaUrls.Widths(item.Variants).Count > 0 ? "image/jpeg" : item.ContentType;
        return new PreviewImage(origin + src, width, height, article.LeadImageAlt ?? item.Alt ?? article.LeadImageCaption ?? item.Caption, type);
    }

    /// <summary>UTC in ISO 8601 with its offset ("2024-10-01T09:00:00Z"), as OpenGraph and schema.org expect.</summary>
    public static string Iso(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The JSON-LD for an article page: one <c>@graph</c> with the NewsArticle and its BreadcrumbList.</summary>
    public static string ArticleJsonLd(Article article, string origin, string siteName, string? description)
    {
        var url = origin + NashirLinks.Article(article.Slug);
        var published = article.PublishedAt ?? article.CreatedAt;
        var news = new JsonObject
        {
            ["@type"] = "NewsArticle",
            ["@id"] = url + "#article",
            ["mainEntityOfPage"] = url,
            ["url"] = url,
            ["headline"] = Truncate(article.Headline, 110),
            ["inLanguage"] = "ar",
            ["datePublished"] = Iso(published),
            ["dateModified"] = Iso(article.UpdatedAt ?? published),
        };
        if (!string.IsNullOrWhiteSpace(description))
            news["description"] = description;
        if (Preview(article, origin) is { } image)
        {
            news["image"] = new JsonArray(new JsonObject
            {
                ["@type"] = "ImageObject",
                ["url"] = image.Url,
                ["width"] = image.Width,
                ["height"] = image.Height,
            });
        }
        if (article.Category is { } category)
            news["articleSection"] = category.Name;
        if (article.Tags.Count > 0)
            news["keywords"] = new JsonArray([.. article.Tags.Select(t => (JsonNode)t.Name)]);

        var publisher = new JsonObject
        {
            ["@type"] = "NewsMediaOrganization",
            ["@id"] = origin + "/#publisher",
            ["name"] = siteName,
            ["url"] = origin + "/",
            ["logo"] = new JsonObject
            {
                ["@type"] = "ImageObject",
                ["url"] = origin + "/img/logo.svg",
                ["width"] = 64,
                ["height"] = 64,
            },
        };
        news["publisher"] = new JsonObject { ["@id"] = origin + "/#publisher" };
        // Without named writers the newsroom itself is the author, as Google's guidelines allow.
        news["author"] = article.Authors.Count > 0
            ? new JsonArray([.. article.Authors.Select(a => (JsonNode)new JsonObject
            {
                ["@type"] = "Person",
                ["name"] = a.Name,
                ["url"] = origin + NashirLinks.Author(a.Slug),
            })])
            : new JsonArray(new JsonObject { ["@id"] = origin + "/#publisher" });

        var crumbs = new JsonArray(Crumb(1, "الرئيسية", origin + "/"));
        if (article.Category is { } section)
            crumbs.Add(Crumb(2, section.Name, origin + NashirLinks.Category(section.Slug)));
        crumbs.Add(Crumb(crumbs.Count + 1, article.Headline, url));
        var breadcrumbs = new JsonObject { ["@type"] = "BreadcrumbList", ["itemListElement"] = crumbs };

        var graph = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@graph"] = new JsonArray(news, publisher, breadcrumbs),
        };
        return graph.ToJsonString(Json);
    }

    private static JsonObject Crumb(int position, string name, string url) => new()
    {
        ["@type"] = "ListItem",
        ["position"] = position,
        ["name"] = name,
        ["item"] = url,
    };

    /// <summary>Cuts at a word boundary, never inside a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
            return text;
        var cut = text.LastIndexOf(' ', max - 1);
        if (cut < max / 2)
            cut = char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1;
        return text[..cut].TrimEnd() + "…";
    }
}
