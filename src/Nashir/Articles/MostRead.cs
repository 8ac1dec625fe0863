using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Data;

namespace Nashir.Articles;

/// <summary>Reads of one article on one UTC day, added to in batches (<see cref="ViewFlusher"/>).</summary>
public sealed class ArticleViewDay
{
    public DateTime Day { get; set; }
    public int ArticleId { get; set; }
    public Article? Article { get; set; }
    public long Views { get; set; }

    internal static void Configure(ModelBuilder b) => b.Entity<ArticleViewDay>(e =>
    {
        e.ToTable("ArticleViews");
        e.HasKey(v => new { v.Day, v.ArticleId });
        e.HasOne(v => v.Article).WithMany().OnDelete(DeleteBehavior.Cascade);
    });
}

/// <summary>Settings under <c>Nashir:MostRead</c>.</summary>
public sealed class MostReadOptions
{
    /// <summary>Seconds between writes of the counted reads; a crash loses at most this much. Default 60.</summary>
    public int FlushSeconds { get; set; } = 60;

    /// <summary>Days of reads the block ranks (today and the days before, UTC). Default 2.</summary>
    public int Days { get; set; } = 2;

    /// <summary>Articles in the "الأكثر قراءة" block. Default 5.</summary>
    public int Count { get; set; } = 5;
}

/// <summary>
/// Counts article reads in memory, cached answers included: the middleware sits in front of the output cache and
/// counts every 200 of the article page (GET, not HEAD). No database write per read; the flusher adds the counts up.
/// </summary>
public sealed class ViewCounter
{
    private ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Count(string slug) => _counts.AddOrUpdate(slug, 1, (_, n) => n + 1);

    /// <summary>The counts so far, and a fresh start.</summary>
    public IReadOnlyDictionary<string, long> Take() => Interlocked.Exchange(ref _counts, new(StringComparer.Ordinal));

    /// <summary>Counts put back after a failed write, so the next flush tries them again.</summary>
    public void Return(IReadOnlyDictionary<string, long> counts)
    {
        foreach (var (slug, n) in counts)
            _counts.AddOrUpdate(slug, n, (_, m) => m + n);
    }

    public static IApplicationBuilder UseViewCounting(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status200OK && HttpMethods.IsGet(context.Request.Method)
            && context.Request.RouteValues["page"] is "/Articles/Article" && context.Request.RouteValues["slug"] is string slug)
            context.RequestServices.GetRequiredService<ViewCounter>().Count(slug);
    });
}

/// <summary>The "الأكثر قراءة" list, worked out when the counts are written, never per page.</summary>
public sealed class MostRead(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MostReadOptions> options)
{
    private volatile IReadOnlyList<ArticleCard>? _top;

    public async ValueTask<IReadOnlyList<ArticleCard>> TopAsync(CancellationToken ct = default) => _top ?? await RefreshAsync(ct);

    public async Task<IReadOnlyList<ArticleCard>> RefreshAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.Date.AddDays(1 - Math.Max(1, options.Value.Days));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        // The window's rows only (the primary key starts with the day); a few more than shown, for the ones taken down.
        var ranked = await db.ArticleViews.Where(v => v.Day >= since)
            .GroupBy(v => v.ArticleId)
            .Select(g => new { Id = g.Key, Views = g.Sum(v => v.Views) })
            .OrderByDescending(g => g.Views).ThenByDescending(g => g.Id)
            .Take(options.Value.Count * 2)
            .ToListAsync(ct);
        var ids = ranked.Select(r => r.Id).ToList();
        var cards = await db.Public(now).Where(a => ids.Contains(a.Id)).ToCards().ToDictionaryAsync(c => c.Id, ct);
        var top = ranked.Where(r => cards.ContainsKey(r.Id)).Select(r => cards[r.Id]).Take(options.Value.Count).ToList();
        _top = top;
        return top;
    }
}

/// <summary>Writes the counted reads every <see cref="MostReadOptions.FlushSeconds"/>, and once more on a graceful stop.</summary>
public sealed class ViewFlusher(ViewCounter counter, MostRead mostRead, IServiceScopeFactory scopes, TimeProvider clock,
    IOptions<MostReadOptions> options, ILogger<ViewFlusher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.FlushSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The last write failing must not fail the stop (other services still have to stop): the reads since the
            // last flush are lost, as a crash would lose them, and the log says why.
            log.LogError(ex, "Counted reads could not be written on stop.");
        }
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        var counts = counter.Take();
        if (counts.Count == 0)
            return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var day = clock.GetUtcNow().UtcDateTime.Date;
            var slugs = counts.Keys.ToList();
            var ids = await db.Articles.Where(a => slugs.Contains(a.Slug)).Select(a => new { a.Id, a.Slug }).ToDictionaryAsync(a => a.Slug, a => a.Id, ct);
            var idList = ids.Values.ToList();
            var rows = await db.ArticleViews.Where(v => v.Day == day && idList.Contains(v.ArticleId)).ToDictionaryAsync(v => v.ArticleId, ct);
            foreach (var (slug, n) in counts)
            {
                if (!ids.TryGetValue(slug, out var id))
                    continue;
                if (rows.TryGetValue(id, out var row))
                    row.Views += n;
                else
                    db.ArticleViews.Add(rows[id] = new ArticleViewDay { Day = day, ArticleId = id, Views = n });
            }
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or OperationCanceledException)
        {
            log.LogWarning(ex, "Counted reads could not be written; they are kept for the next try.");
            counter.Return(counts);
            return;
        }
        await mostRead.RefreshAsync(ct);
    }
}
