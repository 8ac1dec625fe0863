using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Nashir.Articles;
using Nashir.Data;

namespace Nashir.Search;

/// <summary>
/// "Article N changed; bring the search index in step." Written in the same transaction as the change
/// (see <see cref="NashirDb"/>'s SaveChanges), so the index can never miss a publish, an edit, an unpublish
/// or a delete, even if the process dies a moment later. Rows are kept for a while after they are applied,
/// so an index rebuilt from an earlier snapshot can replay what happened while it was being built.
/// </summary>
public sealed class SearchOutboxEntry
{
    public long Id { get; set; }
    public int ArticleId { get; set; }
    public DateTime EnqueuedAt { get; set; }
}

/// <summary>Finds, among a context's pending changes, the articles whose indexed text or visibility they touch.</summary>
internal static class SearchOutboxPlan
{
    /// <summary>Articles to re-index: ids known now, and articles being added (their ids exist only after the insert).</summary>
    public static async Task<(HashSet<int> Known, List<Article> Added)> CollectAsync(NashirDb db, CancellationToken ct)
    {
        var known = new HashSet<int>();
        var added = new List<Article>();
        List<int>? tags = null, categories = null, authors = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            switch (entry.Entity)
            {
                case Article article when entry.State == EntityState.Added:
                    added.Add(article);
                    break;
                case Article article:
                    known.Add(article.Id);
                    break;
                case Tag tag when entry.State != EntityState.Added && Renamed(entry):
                    (tags ??= []).Add(tag.Id);
                    break;
                case Category category when entry.State != EntityState.Added && Renamed(entry):
                    (categories ??= []).Add(category.Id);
                    break;
                case Author author when entry.State != EntityState.Added && Renamed(entry):
                    (authors ??= []).Add(author.Id);
                    break;
                case Dictionary<string, object> link when entry.Metadata.Name is TaxonomyEdits.ArticleTags or "ArticleAuthors" or "ArticleSources":
                    if (link.TryGetValue(TaxonomyEdits.ArticlesId, out var id) && id is int articleId && articleId > 0)
                        known.Add(articleId);
                    break;
            }
        }

        if (tags is not null)
            known.UnionWith(await db.Set<Dictionary<string, object>>(TaxonomyEdits.ArticleTags)
                .Where(l => tags.Contains(EF.Property<int>(l, TaxonomyEdits.TagsId)))
                .Select(l => EF.Property<int>(l, TaxonomyEdits.ArticlesId)).ToListAsync(ct));
        if (authors is not null)
            known.UnionWith(await db.Set<Dictionary<string, object>>("ArticleAuthors")
                .Where(l => authors.Contains(EF.Property<int>(l, "AuthorsId")))
                .Select(l => EF.Property<int>(l, TaxonomyEdits.ArticlesId)).ToListAsync(ct));
        if (categories is not null)
            known.UnionWith(await db.Articles.Where(a => a.CategoryId != null && categories.Contains(a.CategoryId.Value)).Select(a => a.Id).ToListAsync(ct));
        return (known, added);
    }

    // A deletion or a new name or address changes what the articles carrying it index.
    private static bool Renamed(EntityEntry entry) =>
        entry.State == EntityState.Deleted
        || entry.Properties.Any(p => p.IsModified && p.Metadata.Name is "Name" or "Slug");
}

/// <summary>Wakes the indexer of this process when a change is committed, so search reflects it within moments.</summary>
public static class SearchOutboxSignal
{
    public static event Action? Enqueued;

    internal static void Raise() => Enqueued?.Invoke();

    /// <summary>For rows written inside a caller's transaction: wake the indexer once that has had time to commit.</summary>
    internal static void RaiseLater() => _ = Task.Delay(100).ContinueWith(_ => Raise(), TaskScheduler.Default);
}
