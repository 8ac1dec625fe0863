using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nashir.Arabic;

namespace Nashir.Wire;

/// <summary>A story from an agency feed, waiting in the newsroom's wire queue until an editor adopts it or it ages out.</summary>
public sealed class WireItem
{
    public const int KeyMax = 500, HeadlineMax = 300, SummaryMax = 600, BylineMax = 200, UrlMax = 1000;

    public long Id { get; set; }

    /// <summary>The configured feed's name.</summary>
    public required string FeedName { get; set; }

    /// <summary>The item's id in the feed (RSS guid, Atom id, ninjs uri); with the feed, what makes it the same item on the next poll.</summary>
    public required string ItemKey { get; set; }

    /// <summary>Hash of the normalized headline, to recognise a story re-sent under a new id.</summary>
    public required string HeadlineHash { get; set; }

    public required string Headline { get; set; }
    public string? Summary { get; set; }

    /// <summary>Sanitized HTML.</summary>
    public string Body { get; set; } = "";

    public string? Link { get; set; }

    /// <summary>The agency's own byline (a reporter's name), shown in the queue.</summary>
    public string? AgencyByline { get; set; }

    public string? ImageUrl { get; set; }
    public string? ImageCaption { get; set; }
    public string? ImageCredit { get; set; }

    /// <summary>The time the agency gives (updated, else published), never later than when we first saw it.</summary>
    public DateTime ItemTime { get; set; }

    public DateTime FirstSeenAt { get; set; }

    /// <summary>The last poll whose feed listed it; retention counts from here.</summary>
    public DateTime LastSeenAt { get; set; }

    /// <summary>Set when a later poll brought a changed version.</summary>
    public DateTime? UpdatedAt { get; set; }

    /// <summary>Hash of what the editor sees, to tell a real update from the same item listed again.</summary>
    public required string ContentHash { get; set; }

    /// <summary>The draft made from it, once adopted.</summary>
    public int? ArticleId { get; set; }

    public DateTime? AdoptedAt { get; set; }
    public string? AdoptedById { get; set; }

    /// <summary>The article's <c>ExternalId</c>: stable for feed and item, so adopting twice finds the first draft.</summary>
    public static string ExternalIdFor(string feedName, string itemKey) =>
        "wire:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(feedName + "\n" + itemKey)))[..40];

    public static string HashHeadline(string headline) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ArabicText.NormalizeForMatching(headline))))[..32];

    internal static void Configure(ModelBuilder b)
    {
        b.Entity<WireItem>(e =>
        {
            e.ToTable("WireItems");
            e.HasIndex(w => new { w.FeedName, w.ItemKey }).IsUnique();
            e.HasIndex(w => new { w.FeedName, w.HeadlineHash });
            e.HasIndex(w => w.ItemTime);
            e.HasIndex(w => w.LastSeenAt);
            e.Property(w => w.FeedName).HasMaxLength(100);
            e.Property(w => w.ItemKey).HasMaxLength(KeyMax);
            e.Property(w => w.HeadlineHash).HasMaxLength(32);
            e.Property(w => w.ContentHash).HasMaxLength(32);
            e.Property(w => w.Headline).HasMaxLength(HeadlineMax);
            e.Property(w => w.Summary).HasMaxLength(SummaryMax);
            e.Property(w => w.Link).HasMaxLength(UrlMax);
            e.Property(w => w.AgencyByline).HasMaxLength(BylineMax);
            e.Property(w => w.ImageUrl).HasMaxLength(UrlMax);
            e.Property(w => w.ImageCaption).HasMaxLength(500);
            e.Property(w => w.ImageCredit).HasMaxLength(200);
            e.Property(w => w.AdoptedById).HasMaxLength(450);
        });
        b.Entity<WireFeedStatus>(e =>
        {
            e.ToTable("WireFeeds");
            e.HasKey(f => f.FeedName);
            e.Property(f => f.FeedName).HasMaxLength(100);
            e.Property(f => f.LastError).HasMaxLength(500);
            e.Property(f => f.LastErrorDetail).HasMaxLength(1000);
            e.Property(f => f.ETag).HasMaxLength(200);
            e.Property(f => f.LastModified).HasMaxLength(100);
        });
    }
}

/// <summary>What the last fetches of a feed did, for operators (the wire page shows it) and for scheduling.</summary>
public sealed class WireFeedStatus
{
    public required string FeedName { get; set; }
    public DateTime? LastPolledAt { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public DateTime? NextPollAt { get; set; }

    /// <summary>The last failure in Arabic, for the newsroom; cleared by a success.</summary>
    public string? LastError { get; set; }

    /// <summary>The same failure in English with technical detail, for operators and logs.</summary>
    public string? LastErrorDetail { get; set; }

    public DateTime? LastErrorAt { get; set; }

    /// <summary>Items the last successful fetch listed.</summary>
    public int LastItemCount { get; set; }

    /// <summary>Validators of the last response, sent back so an unchanged feed answers 304.</summary>
    public string? ETag { get; set; }

    public string? LastModified { get; set; }
}

/// <summary>Audit action names for the wire, stable strings stored in the log.</summary>
public static class WireAudit
{
    public const string Adopted = "wire.adopted";
}
