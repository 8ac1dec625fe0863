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
    public string? ModeratedById { get; set; }

    /// <summary>Distinct readers who reported it (إبلاغ).</summary>
    public int FlagCount { get; set; }

    /// <summary>Set when reports reach the threshold: the comment is hidden and waits in the "reported" tab.</summary>
    public DateTime? ReportedAt { get; set; }

    public int SpamScore { get; set; }

    /// <summary>Why it was held or marked spam, for the moderator ("روابط كثيرة", "كلمة مشبوهة: …").</summary>
    public string? HeldReason { get; set; }
}

/// <summary>A banned commenter: by keyed hash of the client address, by email, or both.</summary>
public sealed class CommentBan
{
    public int Id { get; set; }
    public string? ClientHash { get; set; }
    public string? Email { get; set; }
    public string? Reason { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedById { get; set; }
}

/// <summary>One report of a comment, so one reader counts once.</summary>
public sealed class CommentReport
{
    public long Id { get; set; }
    public int CommentId { get; set; }
    public required string ClientHash { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum WordListKind
{
    /// <summary>A comment containing it is spam.</summary>
    Banned = 0,

    /// <summary>A comment containing it waits for a moderator.</summary>
    Suspect = 1,
}

/// <summary>An entry of the banned or suspect words list, matched after Arabic normalization.</summary>
public sealed class CommentWord
{
    public int Id { get; set; }
    public required string Word { get; set; }

    /// <summary><see cref="Arabic.ArabicText.NormalizeForMatching"/> of <see cref="Word"/>: what is matched.</summary>
    public required string Normalized { get; set; }

    public WordListKind Kind { get; set; }
    public DateTime CreatedAt { get; set; }
}
