using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Data;

namespace Nashir.Comments;

/// <summary>
/// Privacy: erases the keyed client hashes of comments and reports older than <see cref="CommentOptions.RetentionDays"/>.
/// Runs at start and every six hours; erasing twice is harmless, so every node may run it.
/// </summary>
public sealed class CommentRetention(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CommentOptions> options, ILogger<CommentRetention> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(6), clock);
        do
        {
            try
            {
                await EraseOldHashesAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Erasing old comment client hashes failed; retrying later");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Returns how many comments lost their hash.</summary>
    public async Task<int> EraseOldHashesAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-Math.Max(1, options.Value.RetentionDays));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var erased = await db.Comments.Where(c => c.ClientHash != null && c.CreatedAt < cutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClientHash, (string?)null), ct);
        await db.CommentReports.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        return erased;
    }
}
