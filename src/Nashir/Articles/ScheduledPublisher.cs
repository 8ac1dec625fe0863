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

    /// <summary>Publishes every article whose time has come; returns how many this call published.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var social = scope.ServiceProvider.GetRequiredService<Social.SocialQueue>();
        var due = await db.Articles
            .Where(a => a.Status == ArticleStatus.Scheduled && a.ScheduledFor != null && a.ScheduledFor <= now)
            .OrderBy(a => a.ScheduledFor)
            .Take(100)
            .ToListAsync(ct);
        var published = 0;
        foreach (var article in due)
        {
            article.Status = ArticleStatus.Published;
            article.PublishedAt ??= article.ScheduledFor;
            article.ScheduledFor = null;
            article.Version++;
            await social.EnqueueAsync(db, article, wasPublished: false, repost: false, now, ct);
            audit.RecordSystem(AuditActions.ArticlePublished, "article", article.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), article.Headline);
            try
            {
                await db.SaveChangesAsync(ct);
                published++;
                logger.LogInformation("Published scheduled article {ArticleId}", article.Id);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another node published it, or an editor changed it meanwhile; either way it is not ours to publish now.
                db.ChangeTracker.Clear();
            }
        }
        return published;
    }
}
