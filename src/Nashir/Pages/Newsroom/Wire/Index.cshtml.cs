using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Site;
using Nashir.Wire;

namespace Nashir.Pages.Newsroom.Wire;

/// <summary>
/// The wire queue. Page responsibility: list agency items newest first (filtered by feed), show each feed's
/// health, and adopt an item into a draft (once: adopting again opens the same draft). Anyone who writes may
/// adopt; fetching a feed now is for editors.
/// </summary>
[Authorize(Policy = Policies.Write)]
public sealed class IndexModel(NashirDb db, IOptions<WireOptions> options, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Feed { get; set; }

    public Paging Paging { get; private set; } = new(1, PageSize, 0);
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<FeedRow> Feeds { get; private set; } = [];

    public sealed record Row(long Id, string FeedName, string Source, string Headline, string Excerpt, string? AgencyByline, DateTime ItemTime,
        DateTime? UpdatedAt, string? Link, string? ImageUrl, int? ArticleId);

    public sealed record FeedRow(string Name, string Source, int IntervalMinutes, WireFeedStatus? Status);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Feed is { Length: > 100 } || !Paging.TryParsePage(Request.Query["page"].Count > 1 ? "" : Request.Query["page"].FirstOrDefault(), out var page))
            return BadRequest();
        var wire = options.Value;
        var statuses = await db.WireFeeds.AsNoTracking().ToDictionaryAsync(f => f.FeedName, StringComparer.Ordinal, ct);
        Feeds = [.. wire.Feeds.Select(f => new FeedRow(f.Name, f.SourceName, f.IntervalMinutes, statuses.GetValueOrDefault(f.Name)))];

        var query = db.WireItems.AsNoTracking();
        if (!string.IsNullOrEmpty(Feed))
            query = query.Where(w => w.FeedName == Feed);
        Paging = new Paging(page, PageSize, await query.CountAsync(ct));
        var items = await query.OrderByDescending(w => w.ItemTime).ThenByDescending(w => w.Id).Skip(Paging.Skip).Take(PageSize)
            .Select(w => new { w.Id, w.FeedName, w.Headline, w.Summary, w.Body, w.AgencyByline, w.ItemTime, w.UpdatedAt, w.Link, w.ImageUrl, w.ArticleId })
            .ToListAsync(ct);
        Rows = [.. items.Select(w => new Row(w.Id, w.FeedName, wire.Find(w.FeedName)?.SourceName ?? w.FeedName, w.Headline,
            Excerpt(w.Summary ?? Nashir.Search.HtmlText.ToPlainText(w.Body)), w.AgencyByline, w.ItemTime, w.UpdatedAt, w.Link, w.ImageUrl, w.ArticleId))];
        return Page();
    }

    /// <summary>Makes a draft from a wire item (headline, dek, sanitized body, source, byline, image), or opens the one made before.</summary>
    public async Task<IActionResult> OnPostAdoptAsync([FromForm] string? id, [FromServices] BodySanitizer sanitizer, [FromServices] WireFetcher fetcher,
        [FromServices] Nashir.Media.MediaStore media, [FromServices] SiteContext site, [FromServices] Nashir.Audit.AuditLog audit, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var itemId))
            return BadRequest();
        var item = await db.WireItems.FirstOrDefaultAsync(w => w.Id == itemId, ct);
        if (item is null)
            return NotFound();
        var externalId = WireItem.ExternalIdFor(item.FeedName, item.ItemKey);
        if (await ExistingDraftAsync(item, externalId, ct) is { } existing)
            return ToEditor(existing, "هذا الخبر معتمد من قبل؛ هذه مسودته.");

        var me = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var now = clock.GetUtcNow().UtcDateTime;
        var feed = options.Value.Find(item.FeedName);
        var sourceName = Cut(feed?.SourceName ?? item.FeedName, 100);
        var siteName = (await site.GetAsync(ct)).Settings.SiteName;
        var byline = feed?.Byline ?? options.Value.BylineFormat
            .Replace("{site}", siteName, StringComparison.Ordinal)
            .Replace("{source}", sourceName, StringComparison.Ordinal);

        // The image goes to the media library first (the store commits its own row), fetched with the same guards as the feed.
        var (imageId, imageNote) = await FetchImageAsync(item, fetcher, media, ct);

        var source = await db.Sources.FirstOrDefaultAsync(s => s.Name == sourceName, ct) ?? new Source { Name = sourceName };
        var slug = Nashir.Arabic.Slugs.Slugify(item.Headline, ArticleForm.SlugMax);
        var article = new Article
        {
            Slug = Nashir.Arabic.Slugs.MakeUnique(slug.Length == 0 ? "مقال" : slug,
                s => db.Articles.Any(a => a.Slug == s) || db.ArticleSlugs.Any(x => x.Slug == s)),
            Headline = Cut(item.Headline, ArticleForm.HeadlineMax),
            Dek = item.Summary is null ? null : Cut(item.Summary, ArticleForm.DekMax),
            Body = sanitizer.Sanitize(item.Body),
            Status = ArticleStatus.Draft,
            CreatedAt = now,
            CreatedById = me,
            ExternalId = externalId,
            Byline = Cut(byline, ArticleForm.BylineMax),
            LeadImageId = imageId,
            LeadImageCaption = imageId is null || item.ImageCaption is null ? null : Cut(item.ImageCaption, ArticleForm.CaptionMax),
            LeadImageCredit = imageId is null || item.ImageCredit is null ? null : Cut(item.ImageCredit, ArticleForm.CreditMax),
            Version = 1,
            Sources = [source],
        };
        db.Articles.Add(article);
        db.ArticleRevisions.Add(ArticleRevision.Of(article, now, me, User.Identity?.Name ?? "?"));
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            item.ArticleId = article.Id;
            item.AdoptedAt = now;
            item.AdoptedById = me;
            audit.Record(User, WireAudit.Adopted, "article", article.Id.ToString(CultureInfo.InvariantCulture), $"{sourceName}: {article.Headline}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone adopted the same item a moment ago (the ExternalId is unique): theirs is the draft.
            db.ChangeTracker.Clear();
            var theirs = await db.Articles.Where(a => a.ExternalId == externalId).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
            if (theirs is null)
                throw;
            return ToEditor(theirs.Value, "هذا الخبر معتمد من قبل؛ هذه مسودته.");
        }
        return ToEditor(article.Id, "أُنشئت مسودة من خبر الوكالة." + (imageNote is null ? "" : " " + imageNote));
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

    private async Task<(int? Id, string? Note)> FetchImageAsync(WireItem item, WireFetcher fetcher, Nashir.Media.MediaStore media, CancellationToken ct)
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
                new Nashir.Media.MediaDetails(item.ImageCaption, item.ImageCredit, item.ImageCaption ?? item.Headline), User, ct);
            return saved.Item is { } stored ? (stored.Id, null) : (null, failed);
        }
        catch (WireFeedException)
        {
            return (null, failed);
        }
    }

    private RedirectResult ToEditor(int articleId, string notice)
    {
        TempData["Notice"] = notice;
        return Redirect($"/newsroom/articles/{articleId.ToString(CultureInfo.InvariantCulture)}");
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>Fetches one feed now, outside its schedule.</summary>
    public async Task<IActionResult> OnPostFetchAsync([FromForm] string? feed, [FromServices] WirePoller poller, [FromServices] IAuthorizationService authz, CancellationToken ct)
    {
        if (!(await authz.AuthorizeAsync(User, Policies.Publish)).Succeeded)
            return Forbid();
        if (options.Value.Find(feed) is not { } config)
            return BadRequest();
        var result = await poller.PollAsync(config, ct);
        TempData["Notice"] = result.Succeeded
            ? $"جُلب «{config.Name}»: {result.Added.ToString(CultureInfo.InvariantCulture)} جديد، {result.Updated.ToString(CultureInfo.InvariantCulture)} محدَّث."
            : $"تعذّر جلب «{config.Name}»: {result.Error}";
        return Redirect("/newsroom/wire?feed=" + Uri.EscapeDataString(config.Name));
    }

    private static string Excerpt(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 240 ? line : line[..239] + "…";
    }

    public string PageUrl(int page) =>
        "/newsroom/wire?" + (string.IsNullOrEmpty(Feed) ? "" : "feed=" + Uri.EscapeDataString(Feed) + "&") + "page=" + page.ToString(CultureInfo.InvariantCulture);

    public DateTime Now => clock.GetUtcNow().UtcDateTime;
}
