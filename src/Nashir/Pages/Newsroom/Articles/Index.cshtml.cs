using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Pages.Newsroom.Articles;

/// <summary>All articles, newest first, filtered by status, category, author, dates and headline text.</summary>
[Authorize(Policy = Policies.Write)]
public sealed class IndexModel(NashirDb db, SiteContext site) : PageModel
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true)] public ArticleStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public int? Category { get; set; }
    [BindProperty(SupportsGet = true)] public int? Author { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public Paging Paging { get; private set; } = new(1, PageSize, 0);
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public IReadOnlyList<Author> Authors { get; private set; } = [];

    public sealed record Row(int Id, string Headline, ArticleStatus Status, string? Category, DateTime CreatedAt, DateTime? PublishedAt, DateTime? ScheduledFor, DateTime? UpdatedAt);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid || !Paging.TryParsePage(Request.Query["page"].Count > 1 ? "" : Request.Query["page"].FirstOrDefault(), out var page))
            return BadRequest();
        var zone = (await site.GetAsync(ct)).Settings.TimeZone;
        if (!TryParseDay(From, zone, out var from) || !TryParseDay(To, zone, out var to))
            return BadRequest();

        var query = db.Articles.AsNoTracking();
        if (Status is { } status)
            query = query.Where(a => a.Status == status);
        if (Category is { } category)
            query = query.Where(a => a.CategoryId == category);
        if (Author is { } author)
            query = query.Where(a => a.Authors.Any(x => x.Id == author));
        if (from is { } f)
            query = query.Where(a => (a.PublishedAt ?? a.CreatedAt) >= f);
        if (to is { } t)
            query = query.Where(a => (a.PublishedAt ?? a.CreatedAt) < t.AddDays(1));
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            query = query.Where(a => a.Headline.Contains(q) || a.Slug.Contains(q));
        }

        Paging = new Paging(page, PageSize, await query.CountAsync(ct));
        if (Paging.IsBeyondEnd && page > 1)
            return NotFound();
        Rows = await query
            .OrderByDescending(a => a.PublishedAt ?? a.CreatedAt).ThenByDescending(a => a.Id)
            .Skip(Paging.Skip).Take(PageSize)
            .Select(a => new Row(a.Id, a.Headline, a.Status, a.Category == null ? null : a.Category.Name, a.CreatedAt, a.PublishedAt, a.ScheduledFor, a.UpdatedAt))
            .ToListAsync(ct);
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Position).ToListAsync(ct);
        Authors = await db.Authors.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
        return Page();
    }

    public string PageUrl(int page)
    {
        var query = Request.Query.Where(kv => kv.Key != "page" && !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
        if (page > 1)
            query["page"] = page.ToString(CultureInfo.InvariantCulture);
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/newsroom/articles", query!);
    }

    /// <summary>A day from a date input ("2024-10-01"), as the UTC instant that day starts in the site's zone.</summary>
    private static bool TryParseDay(string? value, TimeZoneInfo zone, out DateTime? utc)
    {
        utc = null;
        if (string.IsNullOrWhiteSpace(value))
            return true;
        if (!DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return false;
        utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day, DateTimeKind.Unspecified), zone);
        return true;
    }
}
