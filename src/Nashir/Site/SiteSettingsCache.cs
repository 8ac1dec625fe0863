using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Nashir.Articles;
using Nashir.Data;

namespace Nashir.Site;

/// <summary>A category in the site's navigation, in its order.</summary>
public sealed record NavCategory(int Id, string Slug, string Name);

/// <summary>What every page needs and the newsroom rarely changes: the settings in force and the navigation.</summary>
public sealed record SiteSnapshot(SiteSettings Settings, IReadOnlyList<NavCategory> Navigation, DateTimeOffset LoadedAt);

/// <summary>
/// Site settings and navigation, read once and kept in memory until they change. Every save of the settings row or
/// of a category through this site's DbContext calls <see cref="Invalidate"/> (<see cref="SiteCacheInvalidation"/>);
/// changes made by another process (the CLI, another node) show within <see cref="Lifetime"/>. <see cref="Changed"/>
/// is the hook for telling other nodes (a pub/sub subscriber calls <see cref="Invalidate"/> on each).
/// </summary>
public sealed class SiteSettingsCache(IServiceScopeFactory scopes, IOptions<NashirOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private volatile SiteSnapshot? _current;
    private long _version;

    /// <summary>Raised after every local invalidation.</summary>
    public event Action? Changed;

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _current = null;
        Changed?.Invoke();
    }

    public async ValueTask<SiteSnapshot> GetAsync(CancellationToken ct = default)
    {
        var current = _current;
        var now = clock.GetUtcNow();
        if (current is not null && now - current.LoadedAt < Lifetime && now >= current.LoadedAt)
            return current;
        var version = Interlocked.Read(ref _version);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var row = await db.SiteSettings.AsNoTracking().OrderBy(s => s.Id).FirstOrDefaultAsync(ct);
        var navigation = await db.Categories.AsNoTracking()
            .Where(c => c.InNavigation)
            .OrderBy(c => c.Position).ThenBy(c => c.Id)
            .Select(c => new NavCategory(c.Id, c.Slug, c.Name))
            .ToListAsync(ct);
        var loaded = new SiteSnapshot(SiteSettings.Resolve(options.Value, row), navigation, now);
        // A change saved while this load ran may not be in it: keep it for this request only.
        if (Interlocked.Read(ref _version) == version)
            _current = loaded;
        return loaded;
    }
}

/// <summary>Invalidates <see cref="SiteSettingsCache"/> after any save that touches the settings row or a category.</summary>
public sealed class SiteCacheInvalidation(SiteSettingsCache cache) : SaveChangesInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> Pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Flush(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Flush(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Note(DbContext? context)
    {
        if (context is null)
            return;
        foreach (var entry in context.ChangeTracker.Entries())
            if (entry.Entity is SiteSettingsRow or Category && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                Pending.AddOrUpdate(context, context);
                return;
            }
    }

    // REVIEW: a save inside a caller's transaction invalidates before that commits; a page read in between may keep the
    // old values for up to SiteSettingsCache.Lifetime. Settings and categories are saved without an outer transaction.
    private void Flush(DbContext? context)
    {
        if (context is not null && Pending.Remove(context))
            cache.Invalidate();
    }
}
