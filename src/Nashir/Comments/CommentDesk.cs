using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Articles;
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

/// <summary>
/// Reader comments from form to row: who may post (mode, auto-close, bans, rate limits), what happens to
/// the text (duplicates, links, banned and suspect words, spam score), and reports. Shared by the article
/// page and, later, the API. Counting is done in the database, so limits hold across nodes.
/// </summary>
public sealed partial class CommentDesk(NashirDb db, WordFilter words, ClientHasher hasher, IOptions<CommentOptions> options, TimeProvider clock)
{
    public static CommentMode EffectiveMode(Article article, SiteSettings settings, DateTime now)
    {
        var mode = article.CommentMode == CommentMode.SiteDefault ? settings.CommentMode : article.CommentMode;
        if (mode != CommentMode.Closed && settings.CommentsCloseAfterDays > 0
            && article.PublishedAt is { } published && now > published.AddDays(settings.CommentsCloseAfterDays))
            return CommentMode.Closed;
        return mode;
    }

    public async Task<PostResult> PostAsync(Article article, CommentMode mode, CommentForm form, int? parentId, string? clientAddress, CancellationToken ct)
    {
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

        if (parentId is { } pid && !await db.Comments.AnyAsync(c => c.Id == pid && c.ArticleId == article.Id && c.ParentId == null && c.Status == CommentStatus.Approved, ct))
        {
            form.Errors[""] = "التعليق الذي تردّ عليه غير موجود.";
            return new PostResult(PostOutcome.Invalid);
        }

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
