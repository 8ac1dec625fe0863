using Nashir.Arabic;

namespace Nashir.Articles;

/// <summary>The article editor's fields, as typed. Validation messages are whole Arabic sentences keyed by field.</summary>
public sealed class ArticleForm
{
    public const int HeadlineMax = 300, DekMax = 600, BylineMax = 200, CaptionMax = 500, CreditMax = 200, SeoMax = 500, SlugMax = 120;

    public int Version { get; set; }
    public string? Headline { get; set; }
    public string? Dek { get; set; }
    public string? Body { get; set; }
    public string? Slug { get; set; }
    public int? CategoryId { get; set; }
    public string? Tags { get; set; }
    public List<int> AuthorIds { get; set; } = [];
    public List<int> SourceIds { get; set; } = [];
    public string? Byline { get; set; }
    public int? LeadImageId { get; set; }
    public string? LeadImageCaption { get; set; }
    public string? LeadImageCredit { get; set; }
    public string? LeadImageAlt { get; set; }
    public bool IsBreaking { get; set; }
    public bool IsFeatured { get; set; }
    public CommentMode CommentMode { get; set; }
    public string? SeoDescription { get; set; }

    /// <summary>"إعادة النشر على القنوات": saving a live article also posts it again as an update.</summary>
    public bool Repost { get; set; }

    /// <summary>A new article's editor session (see <see cref="ArticleAutosave.DraftKey"/>); empty for an existing article.</summary>
    public string? DraftKey { get; set; }

    /// <summary>After a conflict: the fields for which the editor chose the other editor's version over their own.</summary>
    public List<string> Keep { get; set; } = [];

    /// <summary>Site-local time from a datetime-local input: "2024-10-01T14:30".</summary>
    public string? ScheduledFor { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Tag names from "داعش، مصر, بريطانيا": Arabic and Latin commas, trimmed, de-duplicated.</summary>
    public IReadOnlyList<string> TagNames() =>
        (Tags ?? "").Split([',', '،', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ArabicText.CleanUserLine)
            .Where(t => t.Length is > 0 and <= 100)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public static ArticleForm From(Article a, Func<DateTime, string> toLocalInput) => new()
    {
        Version = a.Version,
        Headline = a.Headline,
        Dek = a.Dek,
        Body = a.Body,
        Slug = a.Slug,
        CategoryId = a.CategoryId,
        Tags = string.Join("، ", a.Tags.Select(t => t.Name)),
        AuthorIds = a.Authors.Select(x => x.Id).ToList(),
        SourceIds = a.Sources.Select(x => x.Id).ToList(),
        Byline = a.Byline,
        LeadImageId = a.LeadImageId,
        LeadImageCaption = a.LeadImageCaption,
        LeadImageCredit = a.LeadImageCredit,
        LeadImageAlt = a.LeadImageAlt,
        IsBreaking = a.IsBreaking,
        IsFeatured = a.IsFeatured,
        CommentMode = a.CommentMode,
        SeoDescription = a.SeoDescription,
        ScheduledFor = a.ScheduledFor is { } s ? toLocalInput(s) : null,
    };
}

/// <summary>What the editor's buttons ask for.</summary>
public enum EditorAction
{
    Save,
    Submit,
    Publish,
    Schedule,
    Unpublish,
    ReturnToDraft,
}

public static class ArticleStatusNames
{
    public static readonly IReadOnlyDictionary<ArticleStatus, string> Arabic = new Dictionary<ArticleStatus, string>
    {
        [ArticleStatus.Draft] = "مسودة",
        [ArticleStatus.InReview] = "بانتظار المراجعة",
        [ArticleStatus.Scheduled] = "مجدول",
        [ArticleStatus.Published] = "منشور",
        [ArticleStatus.Unpublished] = "غير منشور",
    };
}
