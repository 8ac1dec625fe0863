using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Accounts;
using Nashir.Data;
using Nashir.Media;
using Nashir.Site;

// Not "…Newsroom.Media": that namespace would shadow Nashir.Media for every page under Newsroom ("Media.MediaItem").
namespace Nashir.Pages.Newsroom.MediaLibrary;

/// <summary>The media library: every image, newest first, searchable by its words; and the upload form.</summary>
[Authorize(Policy = Policies.Write)]
[MediaUploadLimits]
public sealed class IndexModel(NashirDb db, MediaStore store, IOptions<MediaOptions> options) : PageModel
{
    public const int PageSize = 30;

    public string? Query { get; private set; }
    public Paging Paging { get; private set; } = new(1, PageSize, 0);
    public IReadOnlyList<Row> Items { get; private set; } = [];

    [BindProperty(Name = "File")]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Caption { get; set; }

    [BindProperty]
    public string? Credit { get; set; }

    [BindProperty]
    public string? Alt { get; set; }

    /// <summary>Errors keyed by field name, each a whole Arabic sentence.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string MaxUploadText => MediaSizes.Describe(options.Value.MaxUploadBytes);

    public sealed record Row(
        int Id, string Path, string? Variants, int Width, int Height, string? Alt, string? Caption, string? Credit,
        string? OriginalName, long SizeBytes, DateTime CreatedAt, string? UploadedBy);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Paging.TryParsePage(Request.Query["page"].Count > 1 ? "" : Request.Query["page"].FirstOrDefault(), out var page))
            return BadRequest();
        await LoadAsync(page, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Validate();
        if (Errors.Count == 0)
        {
            var result = await store.SaveUploadAsync(Upload!, new MediaDetails(Caption, Credit, Alt), User, ct);
            if (result.Succeeded)
            {
                TempData["Notice"] = "رُفعت الصورة وأُضيفت إلى المكتبة.";
                return Redirect("/newsroom/media/" + result.Item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            Errors["File"] = result.Error;
            Response.StatusCode = result.StatusCode;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(1, ct);
        return Page();
    }

    private void Validate()
    {
        if (Upload is null || Upload.Length == 0)
            Errors["File"] = "اختر صورة لرفعها.";
        MediaFields.Validate(Caption, Credit, Alt, Errors);
    }

    private async Task LoadAsync(int page, CancellationToken ct)
    {
        Query = Request.Query["q"].Count == 1 ? MediaFields.Clean(Request.Query["q"].ToString()) : null;
        IQueryable<MediaItem> items = db.Media.AsNoTracking();
        if (Query is not null)
        {
            // LIKE in SQLite ignores case for ASCII letters only, which covers Latin names; Arabic has no case.
            // Arabic spelling variants (hamza forms, taa marbuta, tashkeel) are not folded: that would need a
            // stored normalized column. REVIEW: PostgreSQL's LIKE is case-sensitive; use ILike there.
            var pattern = "%" + EscapeLike(Query) + "%";
            items = items.Where(m =>
                EF.Functions.Like(m.Caption, pattern, LikeEscape) ||
                EF.Functions.Like(m.Credit, pattern, LikeEscape) ||
                EF.Functions.Like(m.Alt, pattern, LikeEscape) ||
                EF.Functions.Like(m.OriginalName, pattern, LikeEscape));
        }
        Paging = new Paging(page, PageSize, await items.CountAsync(ct));
        Items = await items
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip(Paging.Skip).Take(PageSize)
            .Select(m => new Row(
                m.Id, m.Path, m.Variants, m.Width, m.Height, m.Alt, m.Caption, m.Credit, m.OriginalName, m.SizeBytes, m.CreatedAt,
                db.Users.Where(u => u.Id == m.UploadedById).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(ct);
    }

    private const string LikeEscape = "\\";

    private static string EscapeLike(string s) =>
        s.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal);

    // "page" is Razor Pages' own route value (the page name), so the query string is built by hand.
    public string PageUrl(int page)
    {
        var query = new List<string>();
        if (Query is not null)
            query.Add("q=" + Uri.EscapeDataString(Query));
        if (page > 1)
            query.Add("page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/newsroom/media" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }
}
