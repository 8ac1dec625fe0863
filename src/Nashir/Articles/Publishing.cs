using Nashir.Audit;
using Nashir.Data;

namespace Nashir.Articles;

/// <summary>Where a publication comes from; it decides what else a publication sets off.</summary>
public enum PublishOrigin
{
    /// <summary>An editor pressed «نشر»: audited, announced on the social channels.</summary>
    Newsroom,

    /// <summary>The scheduler, at the article's time: audited as the system, announced.</summary>
    Schedule,

    /// <summary>A bulk import of old articles: never announced, and audited once per import run, not per article.</summary>
    Import,
}

/// <summary>
/// The one place where an article's change is recorded: "create a draft", "publish this article" and "record this
/// edit" each bump the version and add, to the caller's unit of work, the revision, the audit entry and the social
/// posts that go with it (the search outbox row follows from the change itself, see <see cref="NashirDb"/>'s
/// SaveChanges). The caller saves once, so everything commits together or not at all. The editor, the scheduler,
/// wire adoption and the importer all come through here.
/// </summary>
public sealed class Publishing(NashirDb db, AuditLog audit, Social.SocialQueue social)
{
    /// <summary>A new article as a draft (or in review), version 1, with its revision and an audit entry.</summary>
    public void CreateDraft(Article article, ChangedBy by, DateTime now, string auditAction = AuditActions.ArticleCreated, string? details = null)
    {
        if (article.Id != 0 || article.Status is not (ArticleStatus.Draft or ArticleStatus.InReview))
            throw new InvalidOperationException("A draft is a new article that is not live.");
        db.Articles.Add(article);
        Stage(article, by, now, auditAction, details ?? article.Headline);
    }

    /// <summary>
    /// Publishes a new or existing article: status, publication time (<paramref name="publishedAt"/>, default now,
    /// the first time; "آخر تحديث" when it comes back after an unpublish), version, revision, audit entry and, unless
    /// it is an import, the social posts.
    /// </summary>
    public async Task PublishAsync(Article article, ChangedBy by, DateTime now, PublishOrigin origin, DateTime? publishedAt = null,
        bool repost = false, CancellationToken ct = default)
    {
        var wasPublished = article.Status == ArticleStatus.Published;
        article.Status = ArticleStatus.Published;
        article.ScheduledFor = null;
        if (article.Id == 0 || article.PublishedAt is null)
            article.PublishedAt = publishedAt ?? article.PublishedAt ?? now;
        else if (!wasPublished)
            article.UpdatedAt = now; // republished after being taken down: readers see it as updated
        // An imported article's first version is the article itself: a revision copy of 40,000 bodies would double the
        // import's writes (measured: 58 s → 97 s for the corpus). Later edits and changing re-imports keep revisions.
        var revision = origin != PublishOrigin.Import || article.Id != 0;
        await RecordAsync(article, by, now, origin == PublishOrigin.Import ? null : AuditActions.ArticlePublished, article.Headline, ct, revision);
        if (origin != PublishOrigin.Import)
            await social.EnqueueAsync(db, article, wasPublished, repost, now, ct);
    }

    /// <summary>
    /// Any other saved change (an edit, a schedule, an unpublish, a return to draft): version, revision, the audit
    /// entry when <paramref name="auditAction"/> says it is one the newsroom accounts for, and an update post when
    /// an editor asks to repost a live article.
    /// </summary>
    public async Task RecordChangeAsync(Article article, ChangedBy by, DateTime now, string? auditAction = null, bool repost = false, CancellationToken ct = default)
    {
        await RecordAsync(article, by, now, auditAction, article.Headline, ct);
        if (repost && article.Status == ArticleStatus.Published)
            await social.EnqueueAsync(db, article, wasPublished: true, repost: true, now, ct);
    }

    private async Task RecordAsync(Article article, ChangedBy by, DateTime now, string? auditAction, string? details, CancellationToken ct, bool revision = true)
    {
        if (article.Id == 0)
        {
            db.Articles.Add(article);
        }
        else
        {
            // The revision keeps the tags, writers and sources too (a later merge compares them): have them loaded.
            var entry = db.Entry(article);
            if (!entry.Collection(a => a.Tags).IsLoaded)
                await entry.Collection(a => a.Tags).LoadAsync(ct);
            if (!entry.Collection(a => a.Authors).IsLoaded)
                await entry.Collection(a => a.Authors).LoadAsync(ct);
            if (!entry.Collection(a => a.Sources).IsLoaded)
                await entry.Collection(a => a.Sources).LoadAsync(ct);
        }
        Stage(article, by, now, auditAction, details, revision);
    }

    private void Stage(Article article, ChangedBy by, DateTime now, string? auditAction, string? details, bool revision = true)
    {
        article.Version++;
        if (revision)
            db.ArticleRevisions.Add(ArticleRevision.Of(article, now, by));
        if (auditAction is not null)
            audit.Record(by, auditAction, article, details);
    }
}
