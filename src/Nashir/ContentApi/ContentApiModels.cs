using System.Linq.Expressions;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Nashir.Articles;
using Nashir.Media;
using Nashir.Site;

namespace Nashir.ContentApi;

// What the API answers, as records, so the OpenAPI document describes exactly what is serialized.

public sealed record CategoryRef(string Slug, string Name, string Url);

public sealed record TagRef(string Slug, string Name, string Url);

public sealed record AuthorRef(string Slug, string Name, string Url);

public sealed record SourceRef(string Name, string? Url);

// Url: A copy at most 1024 pixels wide (the size an article column shows).
// Width: width of the file at Url.
public sealed record ImageRef(string Url, int Width, int Height, string? Alt, string? Caption, string? Credit);

// Url: The reader page, absolute.
// BodyHtml: Sanitized HTML, as the reader page shows it.
// PublishedAt: UTC, ISO 8601.
// UpdatedAt: UTC; null until a published article is edited.
// Byline: The line shown under the time, e.g. "الرأي برس - وكالات".
public sealed record ArticleJson(
    int Id,
    string Slug,
    string Url,
    string Headline,
    string? Dek,
    string? BodyHtml,
    DateTime? PublishedAt,
    DateTime? UpdatedAt,
    string? Byline,
    CategoryRef? Category,
    IReadOnlyList<TagRef> Tags,
    IReadOnlyList<AuthorRef> Authors,
    IReadOnlyList<SourceRef> Sources,
    ImageRef? LeadImage,
    bool Breaking,
    bool Featured);

// Next: Absolute address of the next page; null on the last one.
public sealed record PageLinks(string Self, string First, string? Prev, string? Next, string Last);

// Total: Items matching, over all pages.
public sealed record PageMeta(int Page, int PageSize, int Total, int PageCount, PageLinks Links);

public sealed record ArticleList(IReadOnlyList<ArticleJson> Articles, PageMeta Meta);

public sealed record CategoryJson(string Slug, string Name, string? Description, string Url, int ArticleCount);

public sealed record CategoryList(IReadOnlyList<CategoryJson> Categories, PageMeta Meta);

public sealed record TagJson(string Slug, string Name, string Url, int ArticleCount);

public sealed record TagList(IReadOnlyList<TagJson> Tags, PageMeta Meta);

public sealed record AuthorJson(string Slug, string Name, string? Bio, string Url, string? PhotoUrl, int ArticleCount);

public sealed record AuthorList(IReadOnlyList<AuthorJson> Authors, PageMeta Meta);

// HeadlineHtml: The headline, HTML-encoded, with the matched words in <mark>.
// SnippetHtml: A passage around the matches, HTML-encoded, with <mark>.
public sealed record SearchHitJson(ArticleJson Article, string HeadlineHtml, string SnippetHtml, float Score);

// Relaxed: No article had every word; these have some of them.
// Message: Arabic text for a reader when nothing matched.
// IndexReady: False while the index is first being built: results may be incomplete.
public sealed record SearchJson(string? Query, IReadOnlyList<SearchHitJson> Results, PageMeta Meta, bool Relaxed, string? Message, bool IndexReady);

/// <summary>An article as read from the database, before addresses are made absolute.</summary>
internal sealed record ArticleRow(
    int Id,
    string Slug,
    string Headline,
    string? Dek,
    string? Body,
    DateTime? PublishedAt,
    DateTime? UpdatedAt,
    string? Byline,
    bool IsBreaking,
    bool IsFeatured,
    string? CategorySlug,
    string? CategoryName,
    List<NamedRow> Tags,
    List<NamedRow> Authors,
    List<SourceRow> Sources,
    string? ImagePath,
    string? ImageVariants,
    int ImageWidth,
    int ImageHeight,
    string? ImageAlt,
    string? ImageCaption,
    string? ImageCredit);

internal sealed record NamedRow(string Slug, string Name);

internal sealed record SourceRow(string Name, string? Url);

internal static class ArticleRows
{
    /// <summary>The projection; the body is read only when it is asked for (lists often do not need it).</summary>
    public static Expression<Func<Article, ArticleRow>> Select(bool withBody) =>
        a => new ArticleRow(
            a.Id,
            a.Slug,
            a.Headline,
            a.Dek,
            withBody ? a.Body : null,
            a.PublishedAt,
            a.UpdatedAt,
            a.Byline,
            a.IsBreaking,
            a.IsFeatured,
            a.Category == null ? null : a.Category.Slug,
            a.Category == null ? null : a.Category.Name,
            a.Tags.OrderBy(t => t.Name).Select(t => new NamedRow(t.Slug, t.Name)).ToList(),
            a.Authors.OrderBy(x => x.Name).Select(x => new NamedRow(x.Slug, x.Name)).ToList(),
            a.Sources.OrderBy(s => s.Name).Select(s => new SourceRow(s.Name, s.Url)).ToList(),
            a.LeadImage == null ? null : a.LeadImage.Path,
            a.LeadImage == null ? null : a.LeadImage.Variants,
            a.LeadImage == null ? 0 : a.LeadImage.Width,
            a.LeadImage == null ? 0 : a.LeadImage.Height,
            a.LeadImageAlt ?? (a.LeadImage == null ? null : a.LeadImage.Alt),
            a.LeadImageCaption ?? (a.LeadImage == null ? null : a.LeadImage.Caption),
            a.LeadImageCredit ?? (a.LeadImage == null ? null : a.LeadImage.Credit));

    public static ArticleJson ToJson(this ArticleRow r, string origin) => new(
        r.Id,
        r.Slug,
        origin + NashirLinks.Article(r.Slug),
        r.Headline,
        r.Dek,
        r.Body is null ? null : BodySanitizer.WithDirections(r.Body),
        r.PublishedAt,
        r.UpdatedAt,
        r.Byline,
        r.CategorySlug is null ? null : new CategoryRef(r.CategorySlug, r.CategoryName ?? "", origin + NashirLinks.Category(r.CategorySlug)),
        [.. r.Tags.Select(t => new TagRef(t.Slug, t.Name, origin + NashirLinks.Tag(t.Slug)))],
        [.. r.Authors.Select(x => new AuthorRef(x.Slug, x.Name, origin + NashirLinks.Author(x.Slug)))],
        [.. r.Sources.Select(s => new SourceRef(s.Name, s.Url))],
        r.ImagePath is null ? null : Image(r, origin),
        r.IsBreaking,
        r.IsFeatured);

    private static ImageRef Image(ArticleRow r, string origin)
    {
        var widths = MediaUrls.Widths(r.ImageVariants);
        var width = r.ImageWidth;
        var height = r.ImageHeight;
        if (widths.Count > 0)
        {
            // The same choice MediaUrls.Src makes, so the size given is the size of the file linked.
            var chosen = widths.FirstOrDefault(w => w >= MediaUrls.DefaultWidth, widths[^1]);
            if (r.ImageWidth > 0)
                height = (int)Math.Round((double)r.ImageHeight * chosen / r.ImageWidth);
            width = chosen;
        }
        return new ImageRef(origin + MediaUrls.Src(r.ImagePath!, r.ImageVariants), width, height, r.ImageAlt, r.ImageCaption, r.ImageCredit);
    }
}

/// <summary>How the API writes JSON, and which article fields <c>fields=</c> may name.</summary>
public static class ContentApiJson
{
    /// <summary>camelCase like the rest of the site's JSON; Arabic as characters, not \u escapes (a third of the size).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The top-level names of an article object, in the order it is written.</summary>
    public static readonly IReadOnlyList<string> ArticleFields =
    [
        "id", "slug", "url", "headline", "dek", "bodyHtml", "publishedAt", "updatedAt", "byline",
        "category", "tags", "authors", "sources", "leadImage", "breaking", "featured",
    ];

    /// <summary>The article as a JSON object with only <paramref name="fields"/> (all when null).</summary>
    public static JsonObject Article(ArticleJson article, IReadOnlySet<string>? fields)
    {
        var node = JsonSerializer.SerializeToNode(article, Options)!.AsObject();
        if (fields is not null)
        {
            foreach (var name in ArticleFields)
            {
                if (!fields.Contains(name))
                    node.Remove(name);
            }
        }
        return node;
    }
}
