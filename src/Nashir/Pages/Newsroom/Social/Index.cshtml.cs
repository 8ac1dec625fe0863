using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Accounts;
using Nashir.Audit;
using Nashir.Data;
using Nashir.Site;
using Nashir.Social;

namespace Nashir.Pages.Newsroom.Social;

/// <summary>
/// The social queue, newest first: what went to Telegram and Facebook, what waits, what failed or is unknown,
/// and "retry now". Page responsibility: show the queue and turn a retry into a pending item due now.
/// </summary>
[Authorize(Policy = Policies.Publish)]
public sealed class IndexModel(NashirDb db, TimeProvider clock, IOptions<SocialOptions> options) : PageModel
{
    public const int PageSize = 50;
    public const string RetriedAction = "social.retried";

    public static readonly (string Key, string Label, SocialPostStatus[] Statuses)[] Tabs =
    [
        ("all", "الكل", []),
        ("pending", "بالانتظار", [SocialPostStatus.Pending, SocialPostStatus.Sending]),
        ("failed", "فشل", [SocialPostStatus.Failed]),
        ("unknown", "غير معروف", [SocialPostStatus.Unknown]),
        ("sent", "أُرسل", [SocialPostStatus.Sent]),
    ];

    public string Tab { get; private set; } = "all";
    public Paging Paging { get; private set; } = new(1, PageSize, 0);
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();
    public SocialOptions Options => options.Value;

    /// <summary>Why a retry was refused, shown above the queue.</summary>
    public string? Problem { get; private set; }

    public sealed record Row(long Id, int ArticleId, string Headline, SocialChannel Channel, SocialPostKind Kind, SocialPostStatus Status,
        int Attempts, string? LastError, string? RemoteId, DateTime CreatedAt, DateTime NextAttemptAt, DateTime? LastAttemptAt, DateTime? SentAt);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var tab = Request.Query["status"];
        var rawPage = Request.Query["page"];
        if (tab.Count > 1 || rawPage.Count > 1 || !Paging.TryParsePage(rawPage.FirstOrDefault(), out var page))
            return BadRequest();
        Tab = tab.FirstOrDefault() is { Length: > 0 } t ? t : "all";
        if (Tabs.All(x => x.Key != Tab))
            return BadRequest();

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, _, _) in Tabs)
            counts[key] = await InTab(db.SocialPosts, key).CountAsync(ct);
        Counts = counts;

        var query = InTab(db.SocialPosts.AsNoTracking(), Tab);
        Paging = new Paging(page, PageSize, counts[Tab]);
        if (Paging.IsBeyondEnd && page > 1)
            return NotFound();
        Rows = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Skip(Paging.Skip).Take(PageSize)
            .Select(p => new Row(p.Id, p.ArticleId, p.Article!.Headline, p.Channel, p.Kind, p.Status, p.Attempts, p.LastError, p.RemoteId,
                p.CreatedAt, p.NextAttemptAt, p.LastAttemptAt, p.SentAt))
            .ToListAsync(ct);
        return Page();
    }

    /// <summary>
    /// "Retry now": a failed, unknown or waiting item becomes pending and due at once, with its attempts counted
    /// afresh. For an unknown item this is the editor's word that the post is not on the channel.
    /// </summary>
    public async Task<IActionResult> OnPostRetryAsync([FromForm] string? id, [FromServices] AuditLog audit, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var postId) || Request.Form["id"].Count > 1)
            return BadRequest();
        var post = await db.SocialPosts.Include(p => p.Article).FirstOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null)
            return NotFound();
        if (!CanRetry(post.Status))
        {
            Problem = post.Status switch
            {
                SocialPostStatus.Sent => "هذا المنشور أُرسل بالفعل؛ لا يُعاد إرساله.",
                _ => "هذا المنشور قيد الإرسال الآن؛ انتظر نتيجته.",
            };
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await OnGetAsync(ct);
        }
        post.Status = SocialPostStatus.Pending;
        post.Attempts = 0;
        post.NextAttemptAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(User, RetriedAction, "article", post.ArticleId.ToString(CultureInfo.InvariantCulture),
            $"{ChannelName(post.Channel)}: {post.Article?.Headline}");
        await db.SaveChangesAsync(ct);
        SocialSignal.Raise();
        TempData["Notice"] = $"سيُعاد إرسال «{post.Article?.Headline}» إلى {ChannelName(post.Channel)} الآن.";
        return Redirect(Request.Query["status"].FirstOrDefault() is { Length: > 0 } s && Tabs.Any(x => x.Key == s)
            ? "/newsroom/social?status=" + s
            : "/newsroom/social");
    }

    public static bool CanRetry(SocialPostStatus status) =>
        status is SocialPostStatus.Failed or SocialPostStatus.Unknown or SocialPostStatus.Pending or SocialPostStatus.Cancelled;

    private static IQueryable<SocialPost> InTab(IQueryable<SocialPost> posts, string tab)
    {
        var statuses = Tabs.First(t => t.Key == tab).Statuses;
        return statuses.Length == 0 ? posts : posts.Where(p => statuses.Contains(p.Status));
    }

    public string PageUrl(int page) =>
        "/newsroom/social" + (Tab == "all" ? (page > 1 ? "?" : "") : "?status=" + Tab + (page > 1 ? "&" : ""))
        + (page > 1 ? "page=" + page.ToString(CultureInfo.InvariantCulture) : "");

    public static string ChannelName(SocialChannel channel) => channel switch
    {
        SocialChannel.Telegram => "تيليجرام",
        SocialChannel.Facebook => "فيسبوك",
        _ => channel.ToString(),
    };

    public static string KindName(SocialPostKind kind) => kind == SocialPostKind.Update ? "تحديث" : "نشر";

    public static string StatusName(SocialPostStatus status) => status switch
    {
        SocialPostStatus.Pending => "بالانتظار",
        SocialPostStatus.Sending => "قيد الإرسال",
        SocialPostStatus.Sent => "أُرسل",
        SocialPostStatus.Failed => "فشل",
        SocialPostStatus.Unknown => "غير معروف",
        SocialPostStatus.Cancelled => "أُلغي",
        _ => status.ToString(),
    };
}
