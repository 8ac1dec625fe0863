using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Media;
using Nashir.Site;

namespace Nashir.Social;

/// <summary>
/// Sends the social queue. Each item is claimed by a conditional update (pending → sending, so two nodes never
/// take the same one) and marked "sending" before the call; the answer decides sent, pending again after a
/// backoff, or failed. An item found still "sending" after <see cref="SocialOptions.SendingLease"/> was cut off
/// mid-call (a restart, a crash, a lost database write): whether it was posted cannot be known from here, so it
/// becomes "unknown" and waits for an editor, who checks the channel and presses "retry now" only if it is not there.
/// </summary>
public sealed class SocialPoster(
    IServiceScopeFactory scopes,
    SocialSenders senders,
    TimeProvider clock,
    IOptions<SocialOptions> options,
    IOptions<NashirOptions> site,
    ILogger<SocialPoster> logger) : BackgroundService
{
    private const int BatchSize = 20;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    // One round at a time in this process, so a test or a caller asking for a round waits for the one under way.
    private readonly SemaphoreSlim _round = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ActiveChannels().Any())
            return; // Nothing is queued without a channel; items left from an earlier configuration wait on the page.
        SocialSignal.Enqueued += Wake;
        try
        {
            await Task.Yield();
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SendDueAsync(stoppingToken);
                    await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // A busy database must not stop posting for good; the queue keeps the work.
                    logger.LogError(ex, "Social posting failed; retrying");
                    await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                }
            }
        }
        finally
        {
            SocialSignal.Enqueued -= Wake;
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount < 2)
            _wake.Release();
    }

    /// <summary>Sends every item due now; returns how many attempts it made.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        await _round.WaitAsync(ct);
        try
        {
            var attempts = 0;
            await MarkInterruptedAsync(ct);
            while (true)
            {
                List<long> due;
                var now = clock.GetUtcNow().UtcDateTime;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    due = await scope.ServiceProvider.GetRequiredService<NashirDb>().Set<SocialPost>()
                        .Where(p => p.Status == SocialPostStatus.Pending && p.NextAttemptAt <= now)
                        .OrderBy(p => p.NextAttemptAt).ThenBy(p => p.Id)
                        .Select(p => p.Id).Take(BatchSize).ToListAsync(ct);
                }
                var sent = 0;
                foreach (var id in due)
                {
                    if (await SendOneAsync(id, ct))
                        sent++;
                }
                attempts += sent;
                if (due.Count < BatchSize || sent == 0)
                    return attempts;
            }
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>Items whose attempt began longer ago than the lease were interrupted: unknown, never re-sent blindly.</summary>
    private async Task MarkInterruptedAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - options.Value.SendingLease;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var stuck = await db.Set<SocialPost>()
            .Where(p => p.Status == SocialPostStatus.Sending && p.SendingSince < before)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, SocialPostStatus.Unknown)
                .SetProperty(p => p.SendingSince, (DateTime?)null)
                .SetProperty(p => p.LastError, "انقطعت المحاولة أثناء الإرسال (إعادة تشغيل أو عطل)، فلا يُعرف إن نُشر المنشور. تحقق من القناة قبل إعادة المحاولة."), ct);
        if (stuck > 0)
            logger.LogWarning("{Count} social posts were interrupted while sending and are now marked unknown; an editor decides whether to retry", stuck);
    }

    /// <summary>Claims, sends and records one item; false when another round or node took it first.</summary>
    private async Task<bool> SendOneAsync(long id, CancellationToken ct)
    {
        var started = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var claimed = await db.Set<SocialPost>()
            .Where(p => p.Id == id && p.Status == SocialPostStatus.Pending && p.NextAttemptAt <= started)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Status, SocialPostStatus.Sending)
                .SetProperty(p => p.SendingSince, started)
                .SetProperty(p => p.LastAttemptAt, started)
                .SetProperty(p => p.Attempts, p => p.Attempts + 1), ct);
        if (claimed == 0)
            return false;

        var post = await db.Set<SocialPost>().SingleAsync(p => p.Id == id, ct);
        var article = await db.Articles.AsNoTracking()
            .Include(a => a.Category).Include(a => a.Tags).Include(a => a.LeadImage)
            .AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == post.ArticleId, ct);
        if (article is null || article.Status != ArticleStatus.Published)
        {
            Finish(post, SocialPostStatus.Cancelled, "لم يُرسل: المقال لم يعد منشوراً.");
        }
        else if (!options.Value.IsActive(post.Channel))
        {
            Finish(post, SocialPostStatus.Cancelled, "لم يُرسل: القناة لم تعد مهيأة في الإعدادات.");
        }
        else
        {
            // Cancellation (the host stopping) is not caught: the item stays "sending" and becomes "unknown".
            var result = await senders.SendAsync(post.Channel, Describe(article, post.Kind), ct);
            Apply(post, result);
        }
        // The outcome is saved even if the host is stopping now: it is the one fact that prevents a second post.
        await db.SaveChangesAsync(CancellationToken.None);
        return true;
    }

    private void Apply(SocialPost post, SendResult result)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        switch (result.Outcome)
        {
            case SendOutcome.Sent:
                post.RemoteId = result.RemoteId;
                post.SentAt = now;
                Finish(post, SocialPostStatus.Sent, null);
                logger.LogInformation("Posted article {ArticleId} to {Channel} as {RemoteId}", post.ArticleId, post.Channel, post.RemoteId);
                break;
            case SendOutcome.Retry when post.Attempts < options.Value.MaxAttempts:
                var wait = Backoff(post.Attempts);
                if (result.RetryAfter is { } asked && asked > wait)
                    wait = asked;
                post.NextAttemptAt = now + wait;
                Finish(post, SocialPostStatus.Pending, result.Error);
                logger.LogWarning("Posting article {ArticleId} to {Channel} failed for now ({Error}); attempt {Attempt} at {Next:O}",
                    post.ArticleId, post.Channel, result.Error, post.Attempts + 1, post.NextAttemptAt);
                break;
            case SendOutcome.Retry:
                Finish(post, SocialPostStatus.Failed, string.Create(CultureInfo.InvariantCulture,
                    $"توقفت المحاولات بعد {post.Attempts} محاولة. آخر خطأ: {result.Error}"));
                logger.LogWarning("Posting article {ArticleId} to {Channel} failed after {Attempts} attempts", post.ArticleId, post.Channel, post.Attempts);
                break;
            case SendOutcome.Failed:
                Finish(post, SocialPostStatus.Failed, result.Error);
                logger.LogWarning("Posting article {ArticleId} to {Channel} was refused: {Error}", post.ArticleId, post.Channel, result.Error);
                break;
            default:
                Finish(post, SocialPostStatus.Unknown, result.Error);
                logger.LogWarning("Posting article {ArticleId} to {Channel} may or may not have happened: {Error}", post.ArticleId, post.Channel, result.Error);
                break;
        }
    }

    private static void Finish(SocialPost post, SocialPostStatus status, string? error)
    {
        post.Status = status;
        post.SendingSince = null;
        post.LastError = error is { Length: > SocialPost.ErrorMax } ? error[..SocialPost.ErrorMax] : error;
    }

    /// <summary>30 s, 1 min, 2 min… after the first, second, third failure, up to the configured ceiling.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(o.RetryDelay.Ticks * factor, o.MaxRetryDelay.Ticks));
        return wait;
    }

    private SocialArticle Describe(Article article, SocialPostKind kind)
    {
        var publicUrl = site.Value.PublicUrl;
        var link = NashirLinks.Absolute(publicUrl, null, NashirLinks.Article(article.Slug));
        string? image = null;
        if (article.LeadImage is { } media && IsPhoto(media))
            image = NashirLinks.Absolute(publicUrl, null, MediaUrls.Src(media, 1280, MediaFormat.Jpeg));
        // Tags by id: the order they were first created, which for new tags is the order the editor typed them.
        var hashtags = SocialMessages.Hashtags(article.Category?.Name, article.Tags.OrderBy(t => t.Id).Select(t => t.Name));
        return new SocialArticle(article.Headline, article.Dek, link, image, hashtags, kind == SocialPostKind.Update);
    }

    // Uploaded images have JPEG variants; a single file (the demo's SVGs) is a photo only in a format Telegram takes.
    private static bool IsPhoto(MediaItem media) =>
        MediaUrls.Widths(media.Variants).Count > 0
        || Path.GetExtension(media.Path).ToLowerInvariant() is ".jpg" or ".jpeg" or ".png" or ".webp";
}
