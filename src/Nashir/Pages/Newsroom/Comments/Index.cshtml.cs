using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Comments;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Pages.Newsroom.Comments;

/// <summary>The moderation queue: tabs by state, filter by article, one-by-one or bulk decisions, bans.</summary>
[Authorize(Policy = Policies.Moderate)]
public sealed class IndexModel(NashirDb db, CommentDesk desk) : PageModel
{
    public const int PageSize = 50;

    public static readonly (string Key, string Label)[] Tabs =
    [
        ("pending", "بانتظار المراجعة"),
        ("reported", "مُبلّغ عنها"),
        ("approved", "منشورة"),
        ("rejected", "مرفوضة"),
        ("spam", "مزعجة"),
    ];

    [BindProperty(SupportsGet = true)] public string Tab { get; set; } = "pending";
    [BindProperty(SupportsGet = true)] public int? Article { get; set; }

    public Paging Paging { get; private set; } = new(1, PageSize, 0);
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();
    public string? ArticleHeadline { get; private set; }

    public sealed record Row(int Id, int ArticleId, string ArticleHeadline, string Name, string? Email, string? Subject, string Text,
        DateTime CreatedAt, int FlagCount, string? HeldReason, int SpamScore, bool IsReply);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Tabs.All(t => t.Key != Tab) || !Paging.TryParsePage(Request.Query["page"].Count > 1 ? "" : Request.Query["page"].FirstOrDefault(), out var page))
            return BadRequest();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, _) in Tabs)
            counts[key] = await InTab(db.Comments, key).CountAsync(ct);
        Counts = counts;
        if (Article is { } articleId)
            ArticleHeadline = await db.Articles.Where(a => a.Id == articleId).Select(a => a.Headline).FirstOrDefaultAsync(ct);

        var query = InTab(db.Comments.AsNoTracking(), Tab);
        if (Article is { } id)
            query = query.Where(c => c.ArticleId == id);
        Paging = new Paging(page, PageSize, await query.CountAsync(ct));
        Rows = await query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Skip(Paging.Skip).Take(PageSize)
            .Select(c => new Row(c.Id, c.ArticleId, c.Article!.Headline, c.Name, c.Email, c.Subject, c.Text, c.CreatedAt, c.FlagCount, c.HeldReason, c.SpamScore, c.ParentId != null))
            .ToListAsync(ct);
        return Page();
    }

    /// <summary>Approve, reject or mark spam: the ticked comments, or the one whose button was pressed.</summary>
    public async Task<IActionResult> OnPostDecideAsync([FromForm] string decision, [FromForm] List<int> ids, CancellationToken ct)
    {
        CommentStatus? status = decision switch
        {
            "approve" => CommentStatus.Approved,
            "reject" => CommentStatus.Rejected,
            "spam" => CommentStatus.Spam,
            _ => null,
        };
        if (status is null || ids.Count is 0 or > 500)
        {
            TempData["Notice"] = ids.Count == 0 ? "لم تختر أي تعليق." : "اختيار غير صالح.";
            return Redirect(BackUrl());
        }
        var changed = await desk.DecideAsync(ids, status.Value, User, ct);
        TempData["Notice"] = $"حُدّث {changed.ToString(CultureInfo.InvariantCulture)} من التعليقات.";
        return Redirect(BackUrl());
    }

    /// <summary>Bans the commenter of one comment by address hash and email; optionally hides all their comments.</summary>
    public async Task<IActionResult> OnPostBanAsync([FromForm] int id, [FromForm] bool hidePast, CancellationToken ct)
    {
        if (await desk.BanAsync(id, hidePast, User, ct) is not { } hidden)
            return NotFound();
        TempData["Notice"] = hidePast ? $"حُظر صاحب التعليق وأُخفي {hidden.ToString(CultureInfo.InvariantCulture)} من تعليقاته." : "حُظر صاحب التعليق.";
        return Redirect(BackUrl());
    }

    public static IQueryable<Comment> InTab(IQueryable<Comment> comments, string tab) => tab switch
    {
        "reported" => comments.Where(c => c.Status == CommentStatus.Pending && c.ReportedAt != null),
        "approved" => comments.Where(c => c.Status == CommentStatus.Approved),
        "rejected" => comments.Where(c => c.Status == CommentStatus.Rejected),
        "spam" => comments.Where(c => c.Status == CommentStatus.Spam),
        _ => comments.Where(c => c.Status == CommentStatus.Pending && c.ReportedAt == null),
    };

    public string TabUrl(string tab, int page = 1) =>
        $"/newsroom/comments?tab={tab}" + (Article is { } a ? $"&article={a.ToString(CultureInfo.InvariantCulture)}" : "") + (page > 1 ? $"&page={page.ToString(CultureInfo.InvariantCulture)}" : "");

    private string BackUrl() => TabUrl(Tabs.Any(t => t.Key == Tab) ? Tab : "pending");
}
