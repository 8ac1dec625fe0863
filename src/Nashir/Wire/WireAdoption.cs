using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Articles;
using Nashir.Audit;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Wire;

/// <summary>The outcome of adopting a wire item: the draft's id (null when the item does not exist) and what to tell the editor.</summary>
public sealed record AdoptionOutcome(int? ArticleId, string Notice);

/// <summary>
/// Makes a draft from a wire item (headline, dek, sanitized body, source, byline, image) through the one
/// "create a draft" path (<see cref="Publishing.CreateDraft"/>: revision and audit entry), or opens the one made
/// before: an item is adopted once.
/// </summary>
public sealed class WireAdoption(NashirDb db, Publishing publishing, BodySanitizer sanitizer, WireFetcher fetcher, Media.MediaStore media,
    SiteContext site, IOptions<WireOptions> options, TimeProvider clock)
{
    private const string AdoptedBefore = "هذا الخبر معتمد من قبل؛ هذه مسودته.";

    public async Task<AdoptionOutcome> AdoptAsync(ClaimsPrincipal user, long itemId, CancellationToken ct)
    {
        var item = await db.WireItems.FirstOrDefaultAsync(w => w.Id == itemId, ct);
        if (item is null)
            return new AdoptionOutcome(null, "");
        var externalId = WireItem.ExternalIdFor(item.FeedName, item.ItemKey);
        if (await ExistingDraftAsync(item, externalId, ct) is { } existing)
            return new AdoptionOutcome(existing, AdoptedBefore);

        var by = ChangedBy.Of(user);
        var now = clock.GetUtcNow().UtcDateTime;
        var feed = options.Value.Find(item.FeedName);
        var sourceName = Cut(feed?.SourceName ?? item.FeedName, 100);
        var siteName = (await site.GetAsync(ct)).Settings.SiteName;
        var byline = feed?.Byline ?? options.Value.BylineFormat
            .Replace("{site}", siteName, StringComparison.Ordinal)
            .Replace("{source}", sourceName, StringComparison.Ordinal);

        // The image goes to the media library first (the store commits its own row), fetched with the same guards as the feed.
        var (imageId, imageNote) = await FetchImageAsync(user, item, ct);

        var source = await db.Sources.FirstOrDefaultAsync(s => s.Name == sourceName, ct) ?? new Source { Name = sourceName };
        var slug = Arabic.Slugs.Slugify(item.Headline, ArticleForm.SlugMax);
        var article = new Article
        {
            Slug = Arabic.Slugs.MakeUnique(slug.Length == 0 ? "مقال" : slug,
                s => db.Articles.Any(a => a.Slug == s) || db.ArticleSlugs.Any(x => x.Slug == s)),
            Headline = Cut(item.Headline, ArticleForm.HeadlineMax),
            Dek = item.Summary is null ? null : Cut(item.Summary, ArticleForm.DekMax),
            Body = sanitizer.Sanitize(item.Body),
            Status = ArticleStatus.Draft,
            CreatedAt = now,
            CreatedById = by.UserId,
            ExternalId = externalId,
            Byline = Cut(byline, ArticleForm.BylineMax),
            LeadImageId = imageId,
            LeadImageCaption = imageId is null || item.ImageCaption is null ? null : Cut(item.ImageCaption, ArticleForm.CaptionMax),
            LeadImageCredit = imageId is null || item.ImageCredit is null ? null : Cut(item.ImageCredit, ArticleForm.CreditMax),
            Sources = [source],
        };
        publishing.CreateDraft(article, by, now, WireAudit.Adopted, $"{sourceName}: {article.Headline}");
        db.AfterInsert(article, id =>
        {
            item.ArticleId = id;
            item.AdoptedAt = now;
            item.AdoptedById = by.UserId;
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone adopted the same item a moment ago (the ExternalId is unique): theirs is the draft.
            db.ChangeTracker.Clear();
            var theirs = await db.Articles.Where(a => a.ExternalId == externalId).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
            if (theirs is null)
                throw;
            return new AdoptionOutcome(theirs, AdoptedBefore);
        }
        return new AdoptionOutcome(article.Id, "أُنشئت مسودة من خبر الوكالة." + (imageNote is null ? "" : " " + imageNote));
    }

    private async Task<int?> ExistingDraftAsync(WireItem item, string externalId, CancellationToken ct)
    {
        var id = await db.Articles.Where(a => a.ExternalId == externalId).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        if (id is not null && item.ArticleId != id)
        {
            item.ArticleId = id;
            await db.SaveChangesAsync(ct);
        }
        return id;
    }

    private async Task<(int? Id, string? Note)> FetchImageAsync(ClaimsPrincipal user, WireItem item, CancellationToken ct)
    {
        if (item.ImageUrl is null)
            return (null, null);
        const string failed = "تعذّر جلب صورة الخبر؛ أضفها يدوياً.";
        try
        {
            var image = await fetcher.FetchAsync(item.ImageUrl, null, null, ct);
            using var stream = new MemoryStream(image.Body);
            var name = Path.GetFileName(new Uri(item.ImageUrl).AbsolutePath);
            var saved = await media.SaveUploadAsync(stream, name, image.Body.Length,
                new Media.MediaDetails(item.ImageCaption, item.ImageCredit, item.ImageCaption ?? item.Headline), user, ct);
            return saved.Item is { } stored ? (stored.Id, null) : (null, failed);
        }
        catch (WireFeedException)
        {
            return (null, failed);
        }
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
