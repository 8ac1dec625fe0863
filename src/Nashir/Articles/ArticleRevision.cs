namespace Nashir.Articles;

/// <summary>A saved state of an article's text, recorded on every save so edits can be compared and restored.</summary>
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
    public ArticleStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? UserId { get; set; }
    public required string UserName { get; set; }
    public string? Note { get; set; }

    /// <summary>The article's text as it is now, as version <see cref="Article.Version"/>, saved by the person named.</summary>
    public static ArticleRevision Of(Article article, DateTime now, string? userId, string userName) => new()
    {
        Article = article,
        Version = article.Version,
        Headline = article.Headline,
        Dek = article.Dek,
        Body = article.Body,
        Byline = article.Byline,
        Status = article.Status,
        CreatedAt = now,
        UserId = userId,
        UserName = userName,
    };
}

/// <summary>An unsaved draft of someone's edit, kept so a closed tab or a lost connection loses nothing.</summary>
public sealed class ArticleAutosave
{
    public long Id { get; set; }
    public int? ArticleId { get; set; }
    public required string UserId { get; set; }

    /// <summary>The editor's fields as JSON, exactly as typed.</summary>
    public required string Fields { get; set; }

    public DateTime SavedAt { get; set; }
}
