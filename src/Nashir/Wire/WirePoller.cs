using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Arabic;
using Nashir.Articles;
using Nashir.Data;

namespace Nashir.Wire;

/// <summary>What one poll of a feed did.</summary>
public sealed record WirePollResult(string FeedName, bool Succeeded, int Added, int Updated, int Listed, string? Error);

/// <summary>
/// Polls the configured agency feeds into the wire queue, each on its own interval, and forgets items the feed
/// stopped listing longer ago than the retention. The schedule and each feed's last outcome live in the database
/// (<see cref="WireFeedStatus"/>), so a restart does not refetch everything and operators see failures on the
/// wire page. An item is known by feed + id: listed again it is the same row, changed it is updated in place.
/// </summary>
public sealed class WirePoller(
    IServiceScopeFactory scopes, WireFetcher fetcher, BodySanitizer sanitizer, TimeProvider clock,
    IOptions<WireOptions> options, ILogger<WirePoller> logger) : BackgroundService
{
    // The background loop and an editor's "fetch now" take turns, so they never insert the same item twice.
    private readonly SemaphoreSlim _gate = new(1, 1);

    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        var lastPrune = DateTimeOffset.MinValue;
        do
        {
            try
            {
                await PollDueAsync(stoppingToken);
                // Runs even with no feeds configured, so the items of a removed feed age out too.
                if (clock.GetUtcNow() - lastPrune >= PruneEvery)
                {
                    await PruneAsync(stoppingToken);
                    lastPrune = clock.GetUtcNow();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A busy database must not stop the wire for good: try again at the next check.
                logger.LogError(ex, "Wire polling failed; retrying at the next check");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Polls every feed whose interval has passed since its last poll.</summary>
    public async Task<IReadOnlyList<WirePollResult>> PollDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Dictionary<string, DateTime?> next;
        await using (var scope = scopes.CreateAsyncScope())
        {
            next = await scope.ServiceProvider.GetRequiredService<NashirDb>().WireFeeds.AsNoTracking()
                .ToDictionaryAsync(f => f.FeedName, f => f.NextPollAt, StringComparer.Ordinal, ct);
        }
        var results = new List<WirePollResult>();
        foreach (var feed in options.Value.Feeds.Where(f => next.GetValueOrDefault(f.Name) is not { } at || at <= now))
            results.Add(await PollAsync(feed, ct));
        return results;
    }

    public async Task<WirePollResult> PollAsync(string feedName, CancellationToken ct = default) =>
        await PollAsync(options.Value.Find(feedName) ?? throw new ArgumentException($"No wire feed named '{feedName}'.", nameof(feedName)), ct);

    public async Task<WirePollResult> PollAsync(WireFeedOptions feed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(feed);
        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var status = await db.WireFeeds.FirstOrDefaultAsync(f => f.FeedName == feed.Name, ct);
            if (status is null)
                db.WireFeeds.Add(status = new WireFeedStatus { FeedName = feed.Name });
            WirePollResult result;
            try
            {
                var response = await fetcher.FetchAsync(feed.Url, status.ETag, status.LastModified, ct);
                var (added, updated, listed) = response.NotModified
                    ? (0, 0, status.LastItemCount)
                    : await StoreAsync(db, feed, WireParser.Parse(response.Body, feed.Format), ct);
                var now = clock.GetUtcNow().UtcDateTime;
                if (response.NotModified && status.LastSuccessAt is { } previous)
                {
                    // Unchanged since the last fetch: what it listed then, it lists now.
                    await db.WireItems.Where(w => w.FeedName == feed.Name && w.LastSeenAt >= previous)
                        .ExecuteUpdateAsync(s => s.SetProperty(w => w.LastSeenAt, now), ct);
                }
                status.LastSuccessAt = now;
                status.LastError = status.LastErrorDetail = null;
                status.LastItemCount = listed;
                status.ETag = response.ETag;
                status.LastModified = response.LastModified;
                result = new WirePollResult(feed.Name, true, added, updated, listed, null);
                if (added + updated > 0)
                    logger.LogInformation("Wire feed {Feed}: {Added} new, {Updated} updated", feed.Name, added, updated);
            }
            catch (WireFeedException ex)
            {
                db.ChangeTracker.Entries<WireItem>().ToList().ForEach(e => e.State = EntityState.Detached);
                Fail(status, ex.Arabic, ex.Message);
                logger.LogWarning("Wire feed {Feed} failed: {Error}", feed.Name, ex.Message);
                result = new WirePollResult(feed.Name, false, 0, 0, 0, ex.Arabic);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                db.ChangeTracker.Entries<WireItem>().ToList().ForEach(e => e.State = EntityState.Detached);
                Fail(status, "خطأ غير متوقع أثناء قراءة المصدر.", $"{ex.GetType().Name}: {ex.Message}");
                logger.LogError(ex, "Wire feed {Feed} failed unexpectedly", feed.Name);
                result = new WirePollResult(feed.Name, false, 0, 0, 0, status.LastError);
            }
            var polledAt = clock.GetUtcNow().UtcDateTime;
            status.LastPolledAt = polledAt;
            // A failing feed waits its interval like a working one: an agency that is down is not hammered.
            status.NextPollAt = polledAt.AddMinutes(Math.Max(1, feed.IntervalMinutes));
            await db.SaveChangesAsync(ct);
            return result;
        }
        finally
        {
            _gate.Release();
        }

        void Fail(WireFeedStatus status, string arabic, string english)
        {
            status.LastError = Cut(arabic, 500);
            status.LastErrorDetail = Cut(english, 1000);
            status.LastErrorAt = clock.GetUtcNow().UtcDateTime;
        }
    }

    private async Task<(int Added, int Updated, int Listed)> StoreAsync(NashirDb db, WireFeedOptions feed, IReadOnlyList<WireEntry> entries, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var items = entries.Select(e => Clean(feed, e, now)).OfType<WireItem>()
            .DistinctBy(i => i.ItemKey, StringComparer.Ordinal).ToList();
        var keys = items.Select(i => i.ItemKey).ToList();
        var byKey = await db.WireItems.Where(w => w.FeedName == feed.Name && keys.Contains(w.ItemKey))
            .ToDictionaryAsync(w => w.ItemKey, StringComparer.Ordinal, ct);
        var byHeadline = new Dictionary<string, WireItem>(StringComparer.Ordinal);
        if (options.Value.DeduplicateHeadlines)
        {
            var hashes = items.Where(i => !byKey.ContainsKey(i.ItemKey)).Select(i => i.HeadlineHash).ToList();
            foreach (var row in await db.WireItems.Where(w => w.FeedName == feed.Name && hashes.Contains(w.HeadlineHash) && !keys.Contains(w.ItemKey)).ToListAsync(ct))
                byHeadline.TryAdd(row.HeadlineHash, row);
        }
        int added = 0, updated = 0;
        foreach (var item in items)
        {
            if (!byKey.TryGetValue(item.ItemKey, out var existing) && !byHeadline.TryGetValue(item.HeadlineHash, out existing))
            {
                db.WireItems.Add(item);
                // A second copy in the same fetch under another id is the same story too.
                byHeadline.TryAdd(item.HeadlineHash, item);
                added++;
                continue;
            }
            existing.LastSeenAt = now;
            if (existing.ContentHash == item.ContentHash)
                continue;
            existing.Headline = item.Headline;
            existing.HeadlineHash = item.HeadlineHash;
            existing.Summary = item.Summary;
            existing.Body = item.Body;
            existing.Link = item.Link;
            existing.AgencyByline = item.AgencyByline;
            existing.ImageUrl = item.ImageUrl;
            existing.ImageCaption = item.ImageCaption;
            existing.ImageCredit = item.ImageCredit;
            existing.ItemTime = item.ItemTime;
            existing.ContentHash = item.ContentHash;
            existing.UpdatedAt = now;
            updated++;
        }
        return (added, updated, items.Count);
    }

    /// <summary>The entry as the newsroom stores it: text cleaned, HTML sanitized, lengths within the columns.</summary>
    private WireItem? Clean(WireFeedOptions feed, WireEntry entry, DateTime now)
    {
        var headline = Cut(ArabicText.CleanUserLine(entry.Headline), WireItem.HeadlineMax);
        if (headline.Length == 0 || entry.Key.Length > WireItem.KeyMax)
            return null;
        var body = sanitizer.Sanitize(entry.BodyHtml);
        var summary = entry.SummaryHtml is null ? null : CutText(Search.HtmlText.ToPlainText(sanitizer.Sanitize(entry.SummaryHtml)), WireItem.SummaryMax);
        var itemTime = (entry.Updated ?? entry.Published)?.UtcDateTime ?? now;
        var item = new WireItem
        {
            FeedName = feed.Name,
            ItemKey = entry.Key,
            HeadlineHash = WireItem.HashHeadline(headline),
            Headline = headline,
            Summary = string.IsNullOrEmpty(summary) ? null : summary,
            Body = body,
            Link = Url(entry.Link),
            AgencyByline = entry.Byline is null ? null : CutText(ArabicText.CleanUserLine(entry.Byline), WireItem.BylineMax),
            ImageUrl = Url(entry.ImageUrl),
            ImageCaption = entry.ImageCaption is null ? null : CutText(ArabicText.CleanUserLine(entry.ImageCaption), 500),
            ImageCredit = entry.ImageCredit is null ? null : CutText(ArabicText.CleanUserLine(entry.ImageCredit), 200),
            // A date in the future (a wrong clock at the agency) would pin the item to the top of the queue.
            ItemTime = itemTime > now ? now : itemTime,
            FirstSeenAt = now,
            LastSeenAt = now,
            ContentHash = "",
        };
        item.ContentHash = Hash(item.Headline, item.Summary, item.Body, item.Link, item.AgencyByline, item.ImageUrl, item.ImageCaption, item.ImageCredit,
            item.ItemTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return item;
    }

    /// <summary>Forgets items the feed stopped listing longer ago than the retention; drafts made from them stay.</summary>
    public async Task<int> PruneAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.Retention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        return await db.WireItems.Where(w => w.LastSeenAt < cutoff).ExecuteDeleteAsync(ct);
    }

    /// <summary>Only http(s) links reach the newsroom page (a <c>javascript:</c> link from a feed would run on a click).</summary>
    private static string? Url(string? url) =>
        url is { Length: <= WireItem.UrlMax } && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? url : null;

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    private static string CutText(string text, int max)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }

    private static string Hash(params string?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001F", parts.Select(p => p ?? "")))))[..32];
}
