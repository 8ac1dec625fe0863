using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Arabic;
using Nashir.Audit;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Articles;

public enum SaveStatus
{
    Saved,
    Invalid,
    Forbidden,
    NotFound,
    Conflict,
}

/// <summary>The outcome of a save. On conflict, <see cref="Conflict"/> says who changed what since the editor opened.</summary>
public sealed record SaveOutcome(SaveStatus Status, Article? Article = null, EditConflict? Conflict = null, bool Merged = false);

/// <summary>
/// Someone else saved since this editor opened the article. <see cref="Differences"/> lists every field in which
/// this editor's save and the saved version differ; the form already holds the other editor's value for each field
/// only they changed, and this editor's value where both changed it (<see cref="DifferenceKind.BothChanged"/>).
/// </summary>
public sealed record EditConflict(string ChangedBy, DateTime ChangedAt, int CurrentVersion, ArticleRevision? Base, ArticleRevision Current,
    IReadOnlyList<FieldDifference> Differences);

public enum DeleteStatus
{
    Deleted,
    NotFound,
    Forbidden,

    /// <summary>Not confirmed, or a live article without the second, explicit confirmation.</summary>
    NeedsConfirmation,
}

/// <summary>What deleting an article loses, shown before anyone confirms it.</summary>
public sealed record DeletionImpact(Article Article, int Comments, int Revisions, int OldAddresses)
{
    public bool IsLive => Article.Status is ArticleStatus.Published or ArticleStatus.Scheduled;
}

/// <summary>
/// The article workflow, shared by the editor page and (later) the API and importers:
/// draft → in review → scheduled/published → updated → unpublished, with revisions, slug history,
/// sanitizing and optimistic concurrency (a field-level merge when two editors saved the same version). Writers
/// create, edit their own drafts and submit; Editors and Admins publish, schedule, unpublish, edit anything and delete.
/// What a save records (revision, audit, social queue) is <see cref="Publishing"/>'s.
/// </summary>
public sealed class ArticleDesk(NashirDb db, BodySanitizer sanitizer, AuditLog audit, SiteContext site, TimeProvider clock, Publishing publishing)
{
    public static bool CanPublish(ClaimsPrincipal user) => user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Editor);

    public static bool CanWrite(ClaimsPrincipal user) => CanPublish(user) || user.IsInRole(Roles.Writer);

    /// <summary>Writers may edit their own articles until an editor takes them further.</summary>
    public static bool CanEdit(ClaimsPrincipal user, Article article) =>
        CanPublish(user)
        || (CanWrite(user) && article.CreatedById == user.FindFirstValue(ClaimTypes.NameIdentifier)
            && article.Status is ArticleStatus.Draft or ArticleStatus.InReview);

    public Task<Article?> LoadAsync(int id, CancellationToken ct = default) =>
        db.Articles
            .Include(a => a.Tags).Include(a => a.Authors).Include(a => a.Sources)
            .Include(a => a.Category).Include(a => a.LeadImage)
            .AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == id, ct);

    public async Task<SaveOutcome> SaveAsync(ClaimsPrincipal user, int? id, ArticleForm form, EditorAction action, CancellationToken ct = default)
    {
        var isNew = id is null;
        var article = isNew ? null : await LoadAsync(id!.Value, ct);
        if (!isNew && article is null)
            return new SaveOutcome(SaveStatus.NotFound);
        if (!CanWrite(user) || (article is not null && !CanEdit(user, article)))
            return new SaveOutcome(SaveStatus.Forbidden);
        if (action is EditorAction.Publish or EditorAction.Schedule or EditorAction.Unpublish or EditorAction.ReturnToDraft && !CanPublish(user))
            return new SaveOutcome(SaveStatus.Forbidden);

        var frame = await site.GetAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var scheduledUtc = await ValidateAsync(form, article, action, frame, now, ct);
        if (form.Errors.Count > 0)
            return new SaveOutcome(SaveStatus.Invalid, article);

        var me = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var merged = false;
        ArticleFields? startedFrom = null;
        if (article is not null)
        {
            startedFrom = form.Version == article.Version ? ArticleFields.Of(article) : await RevisionFieldsAsync(article.Id, form.Version, ct);
            // After a conflict, the editor may take the other editor's value of a field (the version they were shown).
            foreach (var field in form.Keep.Where(ArticleFields.IsField))
                if (startedFrom?[field] is { } theirs)
                    ArticleFields.Set(form, field, theirs);
            if (form.Version != article.Version)
            {
                var differences = ArticleFields.Merge(startedFrom, ArticleFields.Of(form, sanitizer), ArticleFields.Of(article), form);
                if (differences.Any(d => d.Kind == DifferenceKind.BothChanged))
                    return await ConflictAsync(article, form.Version, differences, ct);
                if (action == EditorAction.Save && differences.All(d => d.Kind == DifferenceKind.TheirsKept))
                {
                    // This editor changed nothing: their save has nothing to add to the newer version.
                    await db.ArticleAutosaves.Where(s => s.UserId == me && s.ArticleId == article.Id).ExecuteDeleteAsync(ct);
                    return new SaveOutcome(SaveStatus.Saved, article, Merged: differences.Count > 0);
                }
                merged = differences.Count > 0;
            }
        }

        article ??= NewArticle(user, now);
        await ApplyAsync(article, form, frame.Settings, now, ct);
        var by = ChangedBy.Of(user);
        if (action == EditorAction.Publish)
        {
            await publishing.PublishAsync(article, by, now, PublishOrigin.Newsroom, repost: form.Repost, ct: ct);
        }
        else
        {
            Transition(article, action, scheduledUtc, now);
            if (isNew && article.Status is ArticleStatus.Draft or ArticleStatus.InReview)
                publishing.CreateDraft(article, by, now);
            else
                await publishing.RecordChangeAsync(article, by, now, AuditActionFor(action), form.Repost, ct);
        }

        // What the autosave kept is saved now: the slot goes, so the next visit offers nothing stale.
        var slot = isNew
            ? db.ArticleAutosaves.Where(s => s.UserId == me && s.ArticleId == null && s.DraftKey == form.DraftKey)
            : db.ArticleAutosaves.Where(s => s.UserId == me && s.ArticleId == article.Id);
        db.ArticleAutosaves.RemoveRange(await slot.ToListAsync(ct));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved between our version check and our write.
            db.ChangeTracker.Clear();
            var current = await LoadAsync(article.Id, ct);
            if (current is null)
                return new SaveOutcome(SaveStatus.NotFound);
            var differences = ArticleFields.Merge(startedFrom, ArticleFields.Of(form, sanitizer), ArticleFields.Of(current), form);
            return await ConflictAsync(current, form.Version, differences, ct);
        }
        return new SaveOutcome(SaveStatus.Saved, article, Merged: merged);
    }

    /// <summary>What deleting would lose, for the confirmation page; null when the article does not exist.</summary>
    public async Task<DeletionImpact?> DeletionImpactAsync(int id, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
            return null;
        return new DeletionImpact(article,
            await db.Comments.CountAsync(c => c.ArticleId == id, ct),
            await db.ArticleRevisions.CountAsync(r => r.ArticleId == id, ct),
            await db.ArticleSlugs.CountAsync(s => s.ArticleId == id, ct));
    }

    /// <summary>
    /// Deletes an article with its revisions and comments, audited. It takes a confirmation, and for an article
    /// readers can see (published or scheduled) a second one: unpublishing is what an editor usually wants.
    /// </summary>
    public async Task<DeleteStatus> DeleteAsync(ClaimsPrincipal user, int id, bool confirmed, bool liveConfirmed, CancellationToken ct)
    {
        if (!CanPublish(user))
            return DeleteStatus.Forbidden;
        var article = await db.Articles.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
            return DeleteStatus.NotFound;
        if (!confirmed || (article.Status is ArticleStatus.Published or ArticleStatus.Scheduled && !liveConfirmed))
            return DeleteStatus.NeedsConfirmation;
        db.Articles.Remove(article);
        audit.Record(user, AuditActions.ArticleDeleted, "article", id.ToString(CultureInfo.InvariantCulture), article.Headline);
        await db.SaveChangesAsync(ct);
        return DeleteStatus.Deleted;
    }

    private static Article NewArticle(ClaimsPrincipal user, DateTime now)
    {
        var article = new Article
        {
            Slug = "",
            Headline = "",
            Status = ArticleStatus.Draft,
            CreatedAt = now,
            CreatedById = user.FindFirstValue(ClaimTypes.NameIdentifier),
        };
        return article;
    }

    private async Task<DateTime?> ValidateAsync(ArticleForm form, Article? article, EditorAction action, SiteFrame frame, DateTime now, CancellationToken ct)
    {
        var e = form.Errors;
        form.Headline = ArabicText.CleanUserLine(form.Headline ?? "");
        if (form.Headline.Length == 0)
            e[nameof(form.Headline)] = "يرجى كتابة العنوان.";
        else if (form.Headline.Length > ArticleForm.HeadlineMax)
            e[nameof(form.Headline)] = $"يجب ألا يزيد العنوان على {ArticleForm.HeadlineMax} حرف.";
        // Every one-line field is cleaned as the headline is (invisible and bidi control characters out, spaces
        // collapsed); the body's text is cleaned by the sanitizer.
        form.Dek = Line(form.Dek);
        form.Byline = Line(form.Byline);
        form.LeadImageCaption = Line(form.LeadImageCaption);
        form.LeadImageCredit = Line(form.LeadImageCredit);
        form.LeadImageAlt = Line(form.LeadImageAlt);
        form.SeoDescription = Line(form.SeoDescription);
        CheckLength(form.Dek, ArticleForm.DekMax, nameof(form.Dek), "الموجز");
        CheckLength(form.Byline, ArticleForm.BylineMax, nameof(form.Byline), "سطر المصدر");
        CheckLength(form.LeadImageCaption, ArticleForm.CaptionMax, nameof(form.LeadImageCaption), "التعليق على الصورة");
        CheckLength(form.LeadImageCredit, ArticleForm.CreditMax, nameof(form.LeadImageCredit), "حقوق الصورة");
        CheckLength(form.LeadImageAlt, ArticleForm.CaptionMax, nameof(form.LeadImageAlt), "النص البديل");
        CheckLength(form.SeoDescription, ArticleForm.SeoMax, nameof(form.SeoDescription), "وصف محركات البحث");

        var goesLive = action is EditorAction.Submit or EditorAction.Publish or EditorAction.Schedule
            || article?.Status is ArticleStatus.Published or ArticleStatus.Scheduled;
        if (goesLive && sanitizer.Sanitize(form.Body).Length == 0)
            e[nameof(form.Body)] = "نص المقال فارغ.";

        var slugSource = string.IsNullOrWhiteSpace(form.Slug) ? form.Headline : form.Slug;
        var slug = Slugs.Slugify(slugSource, ArticleForm.SlugMax);
        if (!string.IsNullOrWhiteSpace(form.Slug) && slug.Length == 0)
            e[nameof(form.Slug)] = "الرابط المختصر يجب أن يحتوي على حروف أو أرقام.";
        else if (!string.IsNullOrWhiteSpace(form.Slug) && await SlugTakenAsync(slug, article?.Id ?? 0, ct))
            e[nameof(form.Slug)] = "هذا الرابط المختصر مستخدم لمقال آخر.";
        form.Slug = slug;

        if (form.CategoryId is { } categoryId && !await db.Categories.AnyAsync(c => c.Id == categoryId, ct))
            e[nameof(form.CategoryId)] = "القسم المختار غير موجود.";
        if (form.LeadImageId is { } imageId && !await db.Media.AnyAsync(m => m.Id == imageId, ct))
            e[nameof(form.LeadImageId)] = "الصورة المختارة غير موجودة في مكتبة الوسائط.";
        if (!Enum.IsDefined(form.CommentMode))
            e[nameof(form.CommentMode)] = "وضع التعليقات غير صالح.";

        DateTime? scheduledUtc = null;
        if (!string.IsNullOrWhiteSpace(form.ScheduledFor))
        {
            if (DateTime.TryParseExact(form.ScheduledFor, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                scheduledUtc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), frame.Settings.TimeZone);
            else
                e[nameof(form.ScheduledFor)] = "موعد النشر غير صالح.";
        }
        if (action == EditorAction.Schedule && !e.ContainsKey(nameof(form.ScheduledFor)))
        {
            if (scheduledUtc is null)
                e[nameof(form.ScheduledFor)] = "يرجى تحديد موعد النشر.";
            else if (scheduledUtc <= now)
                e[nameof(form.ScheduledFor)] = "موعد النشر يجب أن يكون في المستقبل.";
        }
        return scheduledUtc;

        void CheckLength(string? value, int max, string field, string label)
        {
            if ((value?.Trim().Length ?? 0) > max)
                e[field] = $"يجب ألا يزيد {label} على {max} حرف.";
        }
    }

    private async Task<bool> SlugTakenAsync(string slug, int articleId, CancellationToken ct) =>
        await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != articleId, ct)
        || await db.ArticleSlugs.AnyAsync(s => s.Slug == slug && s.ArticleId != articleId, ct);

    private bool SlugTaken(string slug, int articleId) =>
        db.Articles.Any(a => a.Slug == slug && a.Id != articleId) || db.ArticleSlugs.Any(s => s.Slug == slug && s.ArticleId != articleId);

    private async Task ApplyAsync(Article article, ArticleForm form, SiteSettings settings, DateTime now, CancellationToken ct)
    {
        article.Headline = form.Headline!;
        article.Dek = Trimmed(form.Dek);
        article.Body = sanitizer.Sanitize(form.Body);
        article.CategoryId = form.CategoryId;
        article.LeadImageId = form.LeadImageId;
        article.LeadImageCaption = Trimmed(form.LeadImageCaption);
        article.LeadImageCredit = Trimmed(form.LeadImageCredit);
        article.LeadImageAlt = Trimmed(form.LeadImageAlt);
        article.IsBreaking = form.IsBreaking;
        article.IsFeatured = form.IsFeatured;
        article.CommentMode = form.CommentMode;
        article.SeoDescription = Trimmed(form.SeoDescription);

        var slug = form.Slug!;
        if (slug.Length == 0 || (article.Slug.Length == 0 && await SlugTakenAsync(slug, article.Id, ct)))
            slug = Slugs.MakeUnique(slug.Length == 0 ? "مقال" : slug, s => SlugTaken(s, article.Id));
        if (article.Slug != slug)
        {
            // Once readers may have the old address, it keeps working (301).
            if (article.PublishedAt is not null && article.Slug.Length > 0)
                db.ArticleSlugs.Add(new ArticleSlug { Slug = article.Slug, ArticleId = article.Id, RetiredAt = now });
            var reclaimed = await db.ArticleSlugs.FirstOrDefaultAsync(s => s.Slug == slug && s.ArticleId == article.Id, ct);
            if (reclaimed is not null)
                db.ArticleSlugs.Remove(reclaimed);
            article.Slug = slug;
        }

        article.Authors = await db.Authors.Where(a => form.AuthorIds.Contains(a.Id)).ToListAsync(ct);
        article.Sources = await db.Sources.Where(s => form.SourceIds.Contains(s.Id)).ToListAsync(ct);
        article.Byline = Trimmed(form.Byline) ?? (article.Sources.Count > 0 ? $"{settings.SiteName} - وكالات" : null);

        var names = form.TagNames();
        var existing = await db.Tags.Where(t => names.Contains(t.Name)).ToListAsync(ct);
        var tags = new List<Tag>(existing);
        foreach (var name in names.Where(n => existing.All(t => t.Name != n)))
        {
            var tagSlug = Slugs.MakeUnique(Slugs.Slugify(name) is { Length: > 0 } s ? s : "وسم",
                s => tags.Any(t => t.Slug == s) || db.Tags.Any(t => t.Slug == s));
            tags.Add(new Tag { Name = name, Slug = tagSlug });
        }
        article.Tags = tags;
    }

    /// <summary>Every move but publishing (which is <see cref="Publishing.PublishAsync"/>'s).</summary>
    private static void Transition(Article article, EditorAction action, DateTime? scheduledUtc, DateTime now)
    {
        switch (action)
        {
            case EditorAction.Submit when article.Status is ArticleStatus.Draft or ArticleStatus.Unpublished:
                article.Status = ArticleStatus.InReview;
                break;
            case EditorAction.ReturnToDraft when article.Status is ArticleStatus.InReview or ArticleStatus.Scheduled:
                article.Status = ArticleStatus.Draft;
                article.ScheduledFor = null;
                break;
            case EditorAction.Schedule:
                article.Status = ArticleStatus.Scheduled;
                article.ScheduledFor = scheduledUtc;
                break;
            case EditorAction.Unpublish when article.Status is ArticleStatus.Published or ArticleStatus.Scheduled:
                article.Status = ArticleStatus.Unpublished;
                article.ScheduledFor = null;
                break;
            case EditorAction.Save when article.Status == ArticleStatus.Published:
                // An edit to a live article keeps it live and moves "آخر تحديث".
                article.UpdatedAt = now;
                break;
        }
    }

    private static string? AuditActionFor(EditorAction action) => action switch
    {
        EditorAction.Schedule => AuditActions.ArticleScheduled,
        EditorAction.Unpublish => AuditActions.ArticleUnpublished,
        _ => null,
    };

    private async Task<ArticleFields?> RevisionFieldsAsync(int articleId, int version, CancellationToken ct) =>
        await db.ArticleRevisions.AsNoTracking().FirstOrDefaultAsync(r => r.ArticleId == articleId && r.Version == version, ct) is { } revision
            ? ArticleFields.Of(revision)
            : null;

    private async Task<SaveOutcome> ConflictAsync(Article current, int baseVersion, IReadOnlyList<FieldDifference> differences, CancellationToken ct) =>
        new(SaveStatus.Conflict, current, await ConflictOfAsync(current, baseVersion, differences, ct));

    private async Task<EditConflict> ConflictOfAsync(Article current, int baseVersion, IReadOnlyList<FieldDifference> differences, CancellationToken ct)
    {
        var revisions = await db.ArticleRevisions.AsNoTracking()
            .Where(r => r.ArticleId == current.Id && (r.Version == baseVersion || r.Version == current.Version))
            .ToListAsync(ct);
        var latest = revisions.FirstOrDefault(r => r.Version == current.Version) ?? new ArticleRevision
        {
            Headline = current.Headline,
            Dek = current.Dek,
            Body = current.Body,
            Byline = current.Byline,
            Version = current.Version,
            UserName = "?",
            CreatedAt = current.UpdatedAt ?? current.CreatedAt,
        };
        return new EditConflict(latest.UserName, latest.CreatedAt, current.Version, revisions.FirstOrDefault(r => r.Version == baseVersion), latest, differences);
    }

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string? Line(string? s) => s is null ? null : ArabicText.CleanUserLine(s);
}
