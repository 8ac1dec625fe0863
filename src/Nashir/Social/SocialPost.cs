using Microsoft.EntityFrameworkCore;
using Nashir.Articles;

namespace Nashir.Social;

public enum SocialChannel
{
    Telegram = 1,
    Facebook = 2,
}

public enum SocialPostKind
{
    /// <summary>The article's first publication.</summary>
    Publish = 0,

    /// <summary>A major update an editor chose to post again ("إعادة النشر على القنوات").</summary>
    Update = 1,
}

public enum SocialPostStatus
{
    Pending = 0,

    /// <summary>An attempt is under way; the call may or may not have reached the channel.</summary>
    Sending = 1,

    Sent = 2,

    /// <summary>Refused for good (a 4xx other than 429), or temporary errors outlasted the attempts.</summary>
    Failed = 3,

    /// <summary>
    /// An attempt was interrupted after the call may have reached the channel (a restart, a timeout, a dropped
    /// connection): it may have been posted. Never re-sent on its own; an editor checks the channel and retries.
    /// </summary>
    Unknown = 4,

    /// <summary>Not sent because, when its turn came, the article was no longer published or the channel no longer configured.</summary>
    Cancelled = 5,
}

/// <summary>
/// One post of one article to one channel: the durable social queue. Rows are written in the same transaction as
/// the publish, and the unique (article, channel, kind, sequence) key means a publish is queued — and so posted —
/// at most once per channel.
/// </summary>
public sealed class SocialPost
{
    public long Id { get; set; }
    public int ArticleId { get; set; }
    public Article? Article { get; set; }
    public SocialChannel Channel { get; set; }
    public SocialPostKind Kind { get; set; }

    /// <summary>0 for <see cref="SocialPostKind.Publish"/>; the article's version for an update, so each chosen update posts once.</summary>
    public int Sequence { get; set; }

    public SocialPostStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When a pending item may be sent (now, or after a backoff).</summary>
    public DateTime NextAttemptAt { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    /// <summary>When the current attempt began; an attempt older than the lease is "unknown".</summary>
    public DateTime? SendingSince { get; set; }

    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Telegram's message_id or Facebook's post id.</summary>
    public string? RemoteId { get; set; }

    public const int ErrorMax = 1000;

    public static void Configure(ModelBuilder b) => b.Entity<SocialPost>(e =>
    {
        e.ToTable("SocialPosts");
        e.HasIndex(p => new { p.ArticleId, p.Channel, p.Kind, p.Sequence }).IsUnique();
        e.HasIndex(p => new { p.Status, p.NextAttemptAt });
        e.HasIndex(p => p.CreatedAt);
        e.Property(p => p.LastError).HasMaxLength(ErrorMax);
        e.Property(p => p.RemoteId).HasMaxLength(200);
        e.HasOne(p => p.Article).WithMany().OnDelete(DeleteBehavior.Cascade);
    });
}
