using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Audit;
using Nashir.Data;

namespace Nashir.Articles;

/// <summary>Scheduled publishing. Defaults: checks every 10 seconds.</summary>
public sealed class SchedulingOptions
{
    /// <summary>How often the schedule is checked. Default 10 s, so an article goes live within 10 s of its time.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Publishes scheduled articles when their time comes. The schedule lives in the database (status Scheduled
/// and ScheduledFor), so it survives restarts; several nodes may run this at once, and the article's
/// concurrency token lets only one of them publish each article.
/// </summary>
public sealed class ScheduledPublisher(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SchedulingOptions> options, ILogger<ScheduledPublisher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await PublishDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A busy or briefly unreachable database must not stop scheduling for good: try again next tick.
                logger.LogError(ex, "Scheduled publishing failed; retrying at the next check");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>An article whose time has come, as it was when found: the version it is published from.</summary>
    public sealed record DueArticle(int Id, int Version);

    /// <summary>Publishes every article whose time has come; returns how many this call published.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct = default) => await PublishAsync(await FindDueAsync(ct), ct);

    public async Task<IReadOnlyList<DueArticle>> FindDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        return await db.Articles
            .Where(a => a.Status == ArticleStatus.Scheduled && a.ScheduledFor != null && a.ScheduledFor <= now)
            .OrderBy(a => a.ScheduledFor)
            .Take(100)
            .Select(a => new DueArticle(a.Id, a.Version))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Publishes each article in a unit of its own, through the one publishing path (revision, audit, social queue),
    /// from the version it had when it came due: if anyone changed it since, the version check refuses that one and
    /// the others go on. Returns how many were published.
    /// </summary>
    public async Task<int> PublishAsync(IEnumerable<DueArticle> due, CancellationToken ct = default)
    {
        var published = 0;
        foreach (var item in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var publishing = scope.ServiceProvider.GetRequiredService<Publishing>();
            var article = await db.Articles.Include(a => a.Tags).Include(a => a.Authors).Include(a => a.Sources).AsSplitQuery()
                .FirstOrDefaultAsync(a => a.Id == item.Id, ct);
            if (article is null)
                continue;
            db.Entry(article).Property(a => a.Version).OriginalValue = item.Version;
            var now = clock.GetUtcNow().UtcDateTime;
            await publishing.PublishAsync(article, ChangedBy.System, now, PublishOrigin.Schedule, publishedAt: article.ScheduledFor, ct: ct);
            try
            {
                await db.SaveChangesAsync(ct);
                published++;
                logger.LogInformation("Published scheduled article {ArticleId}", article.Id);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another node published it, or an editor changed it meanwhile; either way it is not ours to publish now.
                logger.LogInformation("Scheduled article {ArticleId} changed before it went live; left as it is", item.Id);
            }
        }
        return published;
    }
}
