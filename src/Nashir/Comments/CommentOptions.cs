namespace Nashir.Comments;

/// <summary>Anti-abuse and privacy settings for reader comments (<c>Nashir:Comments</c>).</summary>
public sealed class CommentOptions
{
    /// <summary>Comments one client may post per minute. Default 5.</summary>
    public int PerMinute { get; set; } = 5;

    /// <summary>Comments one client may post per day. Default 30.</summary>
    public int PerDay { get; set; } = 30;

    /// <summary>Distinct readers' reports that hide a comment and move it to the "reported" tab. Default 3.</summary>
    public int ReportThreshold { get; set; } = 3;

    /// <summary>More links than this holds a comment for moderation. Default 2.</summary>
    public int MaxLinks { get; set; } = 2;

    /// <summary>A comment scoring this much or more is spam. Default 6.</summary>
    public int SpamScore { get; set; } = 6;

    /// <summary>Days the keyed hash of a commenter's address is kept; then it is erased. Default 90.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>
    /// Secret for the keyed hash of client addresses. Unset: a random key is created once in
    /// DataPath/keys/comment-hash.key. Several nodes must share one: set it explicitly.
    /// </summary>
    public string? HashKey { get; set; }

    /// <summary>Approved comments shown at once under an article; the rest behind "more". Default 50.</summary>
    public int PageSize { get; set; } = 50;
}
