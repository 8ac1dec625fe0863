using Nashir.Articles;

namespace Nashir.Comments;

public enum CommentStatus
{
    Pending = 0,
    Approved = 1,
    Rejected = 2,
    Spam = 3,
}

public sealed class Comment
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public Article? Article { get; set; }

    /// <summary>One level of replies: a reply's parent is never itself a reply.</summary>
    public int? ParentId { get; set; }
    public Comment? Parent { get; set; }

    public required string Name { get; set; }
    public string? Email { get; set; }
    public string? Subject { get; set; }

    /// <summary>Plain text; rendered escaped.</summary>
    public required string Text { get; set; }

    public CommentStatus Status { get; set; }

    /// <summary>Keyed hash (HMAC) of the client address; the address itself is never stored.</summary>
    public string? ClientHash { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ModeratedAt { get; set; }
    public int FlagCount { get; set; }
}
