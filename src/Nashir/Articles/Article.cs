using Nashir.Comments;
using Nashir.Media;

namespace Nashir.Articles;

public enum ArticleStatus
{
    Draft = 0,
    InReview = 1,
    Scheduled = 2,
    Published = 3,
    Unpublished = 4,
}

/// <summary>Who may comment on an article. <see cref="SiteDefault"/> defers to the site settings.</summary>
public enum CommentMode
{
    SiteDefault = 0,
    Open = 1,
    PreModerated = 2,
    Closed = 3,
}

public sealed class Article
{
    public int Id { get; set; }

    /// <summary>Current slug, stored unencoded (Arabic letters as written).</summary>
    public required string Slug { get; set; }

    public required string Headline { get; set; }
    public string? Dek { get; set; }

    /// <summary>Sanitized HTML. Sanitizing happens on save, so rendering trusts it.</summary>
    public string Body { get; set; } = "";

    public ArticleStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }

    /// <summary>Set when a published article is edited; drives "آخر تحديث".</summary>
    public DateTime? UpdatedAt { get; set; }

    public DateTime? ScheduledFor { get; set; }

    public int? CategoryId { get; set; }
    public Category? Category { get; set; }

    /// <summary>The line under the time, e.g. "الرأي برس - وكالات"; rendered inside parentheses.</summary>
    public string? Byline { get; set; }

    public int? LeadImageId { get; set; }
    public MediaItem? LeadImage { get; set; }
    public string? LeadImageCaption { get; set; }
    public string? LeadImageCredit { get; set; }
    public string? LeadImageAlt { get; set; }

    public bool IsBreaking { get; set; }
    public bool IsFeatured { get; set; }
    public CommentMode CommentMode { get; set; }
    public string? SeoDescription { get; set; }

    /// <summary>The account that created the article ("my drafts").</summary>
    public string? CreatedById { get; set; }

    /// <summary>Where an imported article came from (e.g. <c>jsonl:BB-middleEast-418-20180428</c>); a re-import updates it instead of adding a copy.</summary>
    public string? ExternalId { get; set; }

    /// <summary>Optimistic concurrency token, bumped on every save.</summary>
    public int Version { get; set; }

    public List<Tag> Tags { get; set; } = [];
    public List<Author> Authors { get; set; } = [];
    public List<Source> Sources { get; set; } = [];
    public List<Comment> Comments { get; set; } = [];
    public List<ArticleSlug> OldSlugs { get; set; } = [];
    public List<ArticleRevision> Revisions { get; set; } = [];

    /// <summary>The time readers see as the article's latest change.</summary>
    public DateTime? LastChangedAt => UpdatedAt ?? PublishedAt;
}

/// <summary>A slug the article used before; requests for it are answered with a 301.</summary>
public sealed class ArticleSlug
{
    public required string Slug { get; set; }
    public int ArticleId { get; set; }
    public Article? Article { get; set; }
    public DateTime RetiredAt { get; set; }
}

public sealed class Category
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int Position { get; set; }
    public bool InNavigation { get; set; } = true;
    public List<Article> Articles { get; set; } = [];
}

public sealed class Tag
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public List<Article> Articles { get; set; } = [];
}

/// <summary>An address a tag had before a rename or a merge; requests for it are answered with a 301.</summary>
public sealed class TagSlug
{
    public required string Slug { get; set; }
    public int TagId { get; set; }
    public Tag? Tag { get; set; }
    public DateTime RetiredAt { get; set; }
}

public sealed class Author
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Bio { get; set; }
    public int? PhotoId { get; set; }
    public MediaItem? Photo { get; set; }
    public List<Article> Articles { get; set; } = [];
}

/// <summary>A wire agency or outlet an article draws on, such as الأناضول.</summary>
public sealed class Source
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Url { get; set; }
    public List<Article> Articles { get; set; } = [];
}
