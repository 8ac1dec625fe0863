using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Articles;
using Nashir.Audit;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Comments;

public enum PostOutcome
{
    /// <summary>Saved; <see cref="PostResult.Status"/> says whether it shows now.</summary>
    Accepted,
    Invalid,
    Closed,
    RateLimited,
    Duplicate,
}

public sealed record PostResult(PostOutcome Outcome, CommentStatus Status = CommentStatus.Pending, string? Message = null);

/// <summary>The article a comment is posted to, with only what posting needs.</summary>
public sealed record CommentTarget(int Id, string Slug, CommentMode CommentMode, DateTime? PublishedAt);

/// <summary>
/// Reader comments from form to row: who may post (mode, auto-close, bans, rate limits), what happens to
/// the text (duplicates, links, banned and suspect words, spam score), and reports. Shared by the article
/// page and, later, the API. Counting is done in the database, so limits hold across nodes. Moderators'
/// decisions and bans are here too, each with its audit entry.
/// </summary>
public sealed partial class CommentDesk(
    NashirDb db, SiteContext site, AuditLog audit, WordFilter words, ClientHasher hasher, IOptions<CommentOptions> options, TimeProvider clock)
{
    public const string ParentMissingMessage = "التعليق الذي تردّ عليه غير موجود.";

    public static CommentMode EffectiveMode(CommentMode articleMode, DateTime? publishedAt, SiteSettings settings, DateTime now)
    {
        var mode = articleMode == CommentMode.SiteDefault ? settings.CommentMode : articleMode;
        if (mode != CommentMode.Closed && settings.CommentsCloseAfterDays > 0
            && publishedAt is { } published && now > published.AddDays(settings.CommentsCloseAfterDays))
            return CommentMode.Closed;
        return mode;
    }

    public static CommentMode EffectiveMode(Article article, SiteSettings settings, DateTime now) =>
        EffectiveMode(article.CommentMode, article.PublishedAt, settings, now);

    /// <summary>The published article at <paramref name="slug"/>, as posting needs it: one query, none of the page's reads.</summary>
    public Task<CommentTarget?> FindTargetAsync(string slug, CancellationToken ct) =>
        db.Public(clock).AsNoTracking()
            .Where(a => a.Slug == slug)
            .Select(a => new CommentTarget(a.Id, a.Slug, a.CommentMode, a.PublishedAt))
            .FirstOrDefaultAsync(ct);

    /// <summary>The "parentId" a form sent: none when empty, <paramref name="id"/> when a number, false when anything else.</summary>
    public static bool TryParseParent(string? raw, out int? id)
    {
        id = null;
        if (string.IsNullOrWhiteSpace(raw))
            return true;
        if (!int.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            return false;
        id = parsed;
        return true;
    }

    public async Task<PostResult> PostAsync(CommentTarget article, CommentForm form, string? parent, string? clientAddress, CancellationToken ct)
    {
        var settings = await site.GetSettingsAsync(ct);
        var mode = EffectiveMode(article.CommentMode, article.PublishedAt, settings, clock.GetUtcNow().UtcDateTime);
        if (mode == CommentMode.Closed)
            return new PostResult(PostOutcome.Closed, Message: "التعليقات مغلقة على هذا الخبر.");
        if (!form.Validate())
            return new PostResult(PostOutcome.Invalid);
        if (form.IsBot)
            return new PostResult(PostOutcome.Accepted); // answered like any post, and dropped
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = hasher.Hash(clientAddress);
        var text = form.CleanText;

        // One level of replies, to a comment readers can see on this article.
        if (!TryParseParent(parent, out var parentId)
            || (parentId is { } pid && !await db.Comments.AnyAsync(c => c.Id == pid && c.ArticleId == article.Id && c.ParentId == null && c.Status == CommentStatus.Approved, ct)))
            return new PostResult(PostOutcome.Invalid, Message: ParentMissingMessage);

        // The limits are counted and the comment written in one transaction that no other post interleaves with, so
        // parallel posts cannot all count the same few and go through together.
        await using var transaction = await db.BeginCheckedWriteAsync(ct);
        var recent = db.Comments.Where(c => c.ClientHash == hash);
        if (await recent.CountAsync(c => c.CreatedAt > now.AddMinutes(-1), ct) >= o.PerMinute)
            return new PostResult(PostOutcome.RateLimited, Message: "أرسلت تعليقات كثيرة خلال دقيقة. يرجى الانتظار قليلاً ثم المحاولة مجدداً.");
        if (await recent.CountAsync(c => c.CreatedAt > now.AddDays(-1), ct) >= o.PerDay)
            return new PostResult(PostOutcome.RateLimited, Message: "بلغت الحد اليومي للتعليقات. يمكنك التعليق مجدداً غداً.");
        if (await recent.AnyAsync(c => c.Text == text && c.CreatedAt > now.AddDays(-1), ct)
            || await db.Comments.AnyAsync(c => c.ArticleId == article.Id && c.Text == text && c.CreatedAt > now.AddMinutes(-10), ct))
            return new PostResult(PostOutcome.Duplicate, Message: "وصلنا هذا التعليق من قبل.");

        var email = NormalizeEmail(form.Email);
        var banned = await db.CommentBans.AnyAsync(b => b.ClientHash == hash || (email != null && b.Email == email), ct);
        var (score, reasons, hold) = await ScoreAsync(text + "\n" + form.CleanName + "\n" + form.CleanSubject, hash, ct);
        var status = banned || score >= o.SpamScore ? CommentStatus.Spam
            : hold || mode == CommentMode.PreModerated ? CommentStatus.Pending
            : CommentStatus.Approved;
        if (banned)
            reasons.Insert(0, "صاحب التعليق محظور");

        // Committed before the reader is told anything: a confirmation always means a saved row.
        db.Comments.Add(new Comment
        {
            ArticleId = article.Id,
            ParentId = parentId,
            Name = form.CleanName,
            Email = email,
            Subject = form.CleanSubject,
            Text = text,
            Status = status,
            ClientHash = hash,
            CreatedAt = now,
            SpamScore = score,
            HeldReason = reasons.Count == 0 ? null : string.Join("، ", reasons),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new PostResult(PostOutcome.Accepted, status);
    }

    /// <summary>A reader reports a comment; one report per reader; at the threshold it is hidden for a moderator.</summary>
    public async Task<bool> ReportAsync(int commentId, string? clientAddress, CancellationToken ct)
    {
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId && c.Status == CommentStatus.Approved, ct);
        if (comment is null)
            return false;
        var hash = hasher.Hash(clientAddress);
        if (await db.CommentReports.AnyAsync(r => r.CommentId == commentId && r.ClientHash == hash, ct))
            return true;
        var now = clock.GetUtcNow().UtcDateTime;
        db.CommentReports.Add(new CommentReport { CommentId = commentId, ClientHash = hash, CreatedAt = now });
        comment.FlagCount++;
        if (comment.FlagCount >= options.Value.ReportThreshold)
        {
            comment.Status = CommentStatus.Pending;
            comment.ReportedAt = now;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same reader reporting twice at once: the unique index kept one.
        }
        return true;
    }

    /// <summary>
    /// A moderator's decision on the comments <paramref name="ids"/>: each one that exists changes state and gets an
    /// audit entry, in one transaction. Returns how many changed.
    /// </summary>
    public async Task<int> DecideAsync(IReadOnlyCollection<int> ids, CommentStatus status, ClaimsPrincipal by, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var me = by.FindFirstValue(ClaimTypes.NameIdentifier);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var found = await db.Comments.Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.ArticleId, c.Name, c.Status })
            .ToListAsync(ct);
        var foundIds = found.Select(c => c.Id).ToList();
        // A bulk update, past the change tracker: the articles' pages are named for eviction here.
        db.EvictAfterCommit(found.Select(c => Site.CacheTags.Comments(c.ArticleId)));
        await db.Comments.Where(c => foundIds.Contains(c.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, status)
            .SetProperty(c => c.ModeratedAt, now)
            .SetProperty(c => c.ModeratedById, me)
            .SetProperty(c => c.ReportedAt, (DateTime?)null), ct);
        var action = status switch
        {
            CommentStatus.Approved => AuditActions.CommentApproved,
            CommentStatus.Rejected => AuditActions.CommentRejected,
            CommentStatus.Spam => AuditActions.CommentMarkedSpam,
            _ => throw new ArgumentOutOfRangeException(nameof(status), status, "A decision approves, rejects or marks spam."),
        };
        foreach (var c in found)
        {
            audit.Record(by, action, "comment", c.Id.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{c.Name} على المقال رقم {c.ArticleId}"));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return found.Count;
    }

    /// <summary>
    /// Bans the author of comment <paramref name="id"/> by address hash and email, with an audit entry; with
    /// <paramref name="hidePast"/> their comments become spam, recorded as this moderator's decision. Returns the
    /// number hidden, or null when there is no such comment.
    /// </summary>
    public async Task<int?> BanAsync(int id, bool hidePast, ClaimsPrincipal by, CancellationToken ct)
    {
        var comment = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (comment is null)
            return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var me = by.FindFirstValue(ClaimTypes.NameIdentifier);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var hidden = 0;
        if (hidePast)
        {
            db.EvictAfterCommit((await db.Comments
                .Where(c => c.Status == CommentStatus.Approved
                    && ((comment.ClientHash != null && c.ClientHash == comment.ClientHash) || (comment.Email != null && c.Email == comment.Email)))
                .Select(c => c.ArticleId).Distinct().ToListAsync(ct)).Select(Site.CacheTags.Comments));
            hidden = await db.Comments
                .Where(c => (comment.ClientHash != null && c.ClientHash == comment.ClientHash) || (comment.Email != null && c.Email == comment.Email))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.Status, CommentStatus.Spam)
                    .SetProperty(c => c.ModeratedAt, now)
                    .SetProperty(c => c.ModeratedById, me)
                    .SetProperty(c => c.ReportedAt, (DateTime?)null), ct);
        }
        db.CommentBans.Add(new CommentBan
        {
            ClientHash = comment.ClientHash,
            Email = comment.Email,
            Reason = $"تعليق رقم {id.ToString(CultureInfo.InvariantCulture)}",
            CreatedAt = now,
            CreatedById = me,
        });
        audit.Record(by, AuditActions.CommenterBanned, "comment", id.ToString(CultureInfo.InvariantCulture),
            hidePast ? string.Create(CultureInfo.InvariantCulture, $"{comment.Name}، وأُخفي {hidden} من تعليقاته") : comment.Name);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return hidden;
    }

    private async Task<(int Score, List<string> Reasons, bool Hold)> ScoreAsync(string text, string hash, CancellationToken ct)
    {
        var reasons = new List<string>();
        var score = 0;
        var hold = false;
        var links = LinkPattern().Count(text);
        score += links;
        if (links > options.Value.MaxLinks)
        {
            hold = true;
            reasons.Add("روابط كثيرة");
        }
        var match = await words.MatchAsync(text, ct);
        if (match.Banned.Count > 0)
        {
            score += 100;
            reasons.Add("كلمة محظورة: " + string.Join("، ", match.Banned));
        }
        if (match.Suspect.Count > 0)
        {
            hold = true;
            score += 2;
            reasons.Add("كلمة مشبوهة: " + string.Join("، ", match.Suspect));
        }
        if (RepeatPattern().IsMatch(text))
        {
            score += 2;
            reasons.Add("أحرف مكررة");
        }
        if (!await db.Comments.AnyAsync(c => c.ClientHash == hash && c.Status == CommentStatus.Approved, ct))
            score += 1; // a first-time commenter has no record yet
        return (score, reasons, hold);
    }

    private static string? NormalizeEmail(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    [GeneratedRegex(@"(https?://|www\.)\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"(.)\1{7,}", RegexOptions.CultureInvariant)]
    private static partial Regex RepeatPattern();
}
