using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Nashir.Articles;
using Nashir.Comments;
using Nashir.Data;

namespace Nashir.Site;

/// <summary>
/// "Evict what this change affects": the one rule, worked out from a context's pending changes whichever code path
/// made them (editor, scheduler, moderation, import), and run after the change commits, so a
/// reader's next request sees it. Publishing, updating or unpublishing an article evicts the article, the pages
/// that list it, its category, tag and author pages and feeds, and the fronts; a comment decision evicts only that
/// article's page; settings, navigation and taxonomy evict every entry.
/// </summary>
public sealed class CacheEvictions(IOutputCacheStore store, SiteDay day)
{
    public async Task EvictAsync(IReadOnlyCollection<string> tags, CancellationToken ct = default)
    {
        if (tags.Count == 0)
            return;
        day.Invalidate();
        foreach (var tag in tags)
            await store.EvictByTagAsync(tag, ct);
    }
}

/// <summary>What one SaveChanges (or an explicit <see cref="NashirDb.EvictAfterCommit"/>) will evict.</summary>
internal sealed class EvictionPlan
{
    public HashSet<string> Tags { get; } = new(StringComparer.Ordinal);
    private readonly List<Article> _articles = [];

    /// <summary>Reads the tags from the tracked changes, before they are saved (original values are still there).</summary>
    public void Collect(NashirDb db)
    {
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            switch (entry.Entity)
            {
                case Article article:
                    var wasLive = entry.State != EntityState.Added
                        && entry.Property(nameof(Article.Status)).OriginalValue is ArticleStatus.Published;
                    if (!wasLive && article.Status != ArticleStatus.Published)
                        break; // a draft's edits show nowhere
                    Tags.Add(CacheTags.Fronts);
                    if (entry.State != EntityState.Added)
                    {
                        Tags.Add(CacheTags.Article(article.Id));
                        if (entry.Property(nameof(Article.CategoryId)).OriginalValue is int before)
                            Tags.Add(CacheTags.Category(before));
                    }
                    if (article.CategoryId is { } category)
                        Tags.Add(CacheTags.Category(category));
                    _articles.Add(article);
                    break;
                case Dictionary<string, object> link when entry.Metadata.Name == TaxonomyEdits.ArticleTags:
                    if (link.TryGetValue(TaxonomyEdits.TagsId, out var tagId) && tagId is int t)
                        Tags.Add(CacheTags.Tag(t));
                    break;
                case Dictionary<string, object> link when entry.Metadata.Name == "ArticleAuthors":
                    if (link.TryGetValue("AuthorsId", out var authorId) && authorId is int a)
                        Tags.Add(CacheTags.Author(a));
                    break;
                case Comment comment:
                    var wasShown = entry.State != EntityState.Added
                        && entry.Property(nameof(Comment.Status)).OriginalValue is CommentStatus.Approved;
                    if (wasShown || comment.Status == CommentStatus.Approved)
                        Tags.Add(CacheTags.Comments(comment.ArticleId));
                    break;
                case Category:
                case Tag or Author or Source or Media.MediaItem when entry.State != EntityState.Added:
                case SiteSettingsRow:
                    Tags.Add(CacheTags.Site);
                    break;
            }
        }
    }

    /// <summary>After the write (ids of new articles exist): each changed live article's own tag and its tags and authors now.</summary>
    public async Task ResolveAsync(NashirDb db, CancellationToken ct)
    {
        if (_articles.Count == 0)
            return;
        var ids = _articles.Select(a => a.Id).Where(id => id != 0).Distinct().ToList();
        _articles.Clear();
        foreach (var id in ids)
            Tags.Add(CacheTags.Article(id));
        var links = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { Tags = a.Tags.Select(t => t.Id).ToList(), Authors = a.Authors.Select(x => x.Id).ToList() })
            .AsSplitQuery().ToListAsync(ct);
        foreach (var l in links)
        {
            Tags.UnionWith(l.Tags.Select(CacheTags.Tag));
            Tags.UnionWith(l.Authors.Select(CacheTags.Author));
        }
    }
}

/// <summary>Runs a context's pending evictions when its transaction commits (moderation and taxonomy open their own).</summary>
internal sealed class EvictOnCommit : DbTransactionInterceptor
{
    public override async Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is NashirDb db)
            await db.FlushEvictionsAsync(cancellationToken);
    }

    public override void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is NashirDb db)
            db.FlushEvictionsAsync().GetAwaiter().GetResult();
    }

    public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        (eventData.Context as NashirDb)?.DropEvictions();
        return Task.CompletedTask;
    }
}
