using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Accounts;
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

    /// <summary>Makes a draft from a wire item, or opens the one made before (<see cref="WireAdoption"/>).</summary>
    public async Task<IActionResult> OnPostAdoptAsync([FromForm] string? id, [FromServices] WireAdoption adoption, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var itemId))
            return BadRequest();
        var outcome = await adoption.AdoptAsync(User, itemId, ct);
        return outcome.ArticleId is { } articleId ? ToEditor(articleId, outcome.Notice) : NotFound();
    }

    private RedirectResult ToEditor(int articleId, string notice)
    {
        TempData["Notice"] = notice;
        return Redirect($"/newsroom/articles/{articleId.ToString(CultureInfo.InvariantCulture)}");
    }

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
