using Nashir.Audit;

namespace Nashir.Articles;

/// <summary>A saved state of an article, recorded on every save so edits can be compared, merged and restored.</summary>
public sealed class ArticleRevision
{
    public long Id { get; set; }
    public int ArticleId { get; set; }
    public Article? Article { get; set; }

    /// <summary>The article's <see cref="Article.Version"/> this revision captured.</summary>
    public int Version { get; set; }

    public required string Headline { get; set; }
    public string? Dek { get; set; }
    public required string Body { get; set; }
    public string? Byline { get; set; }

    /// <summary>
    /// The editor's other fields (slug, category, tags, writers, sources, image, flags, comments, SEO) as JSON, see
    /// <see cref="ArticleFields"/>; null in revisions saved before they were kept.
    /// </summary>
    public string? Fields { get; set; }

    public ArticleStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? UserId { get; set; }
    public required string UserName { get; set; }
    public string? Note { get; set; }

    /// <summary>The article as it is now, as version <see cref="Article.Version"/>, saved by the person named.</summary>
    public static ArticleRevision Of(Article article, DateTime now, ChangedBy by) => new()
    {
        Article = article,
        Version = article.Version,
        Headline = article.Headline,
        Dek = article.Dek,
        Body = article.Body,
        Byline = article.Byline,
        Fields = ArticleFields.Of(article).OtherFieldsJson(),
        Status = article.Status,
        CreatedAt = now,
        UserId = by.UserId,
        UserName = by.UserName,
    };
}

/// <summary>An unsaved draft of someone's edit, kept so a closed tab or a lost connection loses nothing.</summary>
public sealed class ArticleAutosave
{
    public const int DraftKeyLength = 32;

    public long Id { get; set; }
    public int? ArticleId { get; set; }
    public required string UserId { get; set; }

    /// <summary>
    /// For an article not saved yet: the editor session it belongs to (made when the "new article" page is shown),
    /// so two new drafts of the same person keep a slot each. Null for an existing article's autosave.
    /// </summary>
    public string? DraftKey { get; set; }

    /// <summary>The editor's fields as JSON, exactly as typed.</summary>
    public required string Fields { get; set; }

    public DateTime SavedAt { get; set; }
}
