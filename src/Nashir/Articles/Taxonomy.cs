using System.Globalization;
using System.Security.Claims;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nashir.Audit;
using Nashir.Data;

namespace Nashir.Articles;

/// <summary>Changes to categories, tags, authors and sources that are more than one row's edit.</summary>
public static class TaxonomyEdits
{
    /// <summary>
    /// Every article tagged <paramref name="from"/> gets <paramref name="into"/>, then <paramref name="from"/> is deleted,
    /// with the audit entry, in one transaction. Returns how many articles gained the kept tag.
    /// </summary>
    public static async Task<int> MergeTagsAsync(NashirDb db, AuditLog audit, ClaimsPrincipal user, Tag from, Tag into, CancellationToken ct = default)
    {
        if (from.Id == into.Id)
            throw new ArgumentException("A tag cannot be merged into itself.", nameof(into));

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The join rows are moved as rows, so a tag on ten thousand articles does not load ten thousand bodies.
        var links = db.Set<Dictionary<string, object>>(ArticleTags);
        var alreadyTagged = links.Where(l => EF.Property<int>(l, TagsId) == into.Id).Select(l => EF.Property<int>(l, ArticlesId));
        var toTag = await links
            .Where(l => EF.Property<int>(l, TagsId) == from.Id && !alreadyTagged.Contains(EF.Property<int>(l, ArticlesId)))
            .Select(l => EF.Property<int>(l, ArticlesId))
            .ToListAsync(ct);
        foreach (var articleId in toTag)
            links.Add(new Dictionary<string, object> { [ArticlesId] = articleId, [TagsId] = into.Id });
        // The merged tag's addresses, current and old, now lead to the kept tag (301).
        await db.TagSlugs.Where(s => s.TagId == from.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.TagId, into.Id), ct);
        RetireSlug(db, from.Slug, into.Id, DateTime.UtcNow);
        // The old tag's own join rows go with it (ON DELETE CASCADE).
        db.Tags.Remove(from);
        audit.Record(user, AuditActions.TagsMerged, "tag", into.Id.ToString(CultureInfo.InvariantCulture),
            string.Create(CultureInfo.InvariantCulture, $"دُمج الوسم «{from.Name}» في «{into.Name}». مقالات أُضيف إليها الوسم: {toTag.Count}."));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return toTag.Count;
    }

    /// <summary>Keeps <paramref name="slug"/> working as an old address of tag <paramref name="tagId"/>.</summary>
    public static void RetireSlug(NashirDb db, string slug, int tagId, DateTime nowUtc)
    {
        if (db.TagSlugs.Local.Any(s => s.Slug == slug) || db.TagSlugs.Any(s => s.Slug == slug))
            return;
        db.TagSlugs.Add(new TagSlug { Slug = slug, TagId = tagId, RetiredAt = nowUtc });
    }

    /// <summary>A unique index refused the row: someone saved the same name or slug a moment earlier.</summary>
    // REVIEW: SQLite only (SQLITE_CONSTRAINT); the PostgreSQL provider adds PostgresException SqlState 23505.
    public static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is SqliteException { SqliteErrorCode: 19 };

    internal const string ArticleTags = "ArticleTags";
    internal const string ArticlesId = "ArticlesId";
    internal const string TagsId = "TagsId";
    internal const string ArticleAuthors = "ArticleAuthors";
    internal const string AuthorsId = "AuthorsId";
}
