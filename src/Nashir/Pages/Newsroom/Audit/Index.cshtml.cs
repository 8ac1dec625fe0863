using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Audit;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Pages.Newsroom.Audit;

/// <summary>
/// The audit log, newest first, 50 to a page, narrowed by action and by the person who acted; people are shown by
/// name and sign-in email, as they were when they acted.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(NashirDb db) : PageModel
{
    public const int PageSize = 50;

    public string? Action { get; private set; }
    public string? Actor { get; private set; }
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public IReadOnlyList<(string UserName, string Label)> Actors { get; private set; } = [];
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public Paging Paging { get; private set; } = new(1, PageSize, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Request.Query["page"].Count > 1 || !Paging.TryParsePage(Request.Query["page"].FirstOrDefault(), out var page)
            || Request.Query["action"].Count > 1 || Request.Query["user"].Count > 1)
            return BadRequest();
        Action = NullIfEmpty(Request.Query["action"].FirstOrDefault());
        Actor = NullIfEmpty(Request.Query["user"].FirstOrDefault());

        // The filters offer what the log holds, so actions added later and people since removed still appear.
        Actions = await db.AuditLog.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        var actors = await db.AuditLog.Select(e => new { e.UserName, e.UserDisplayName }).Distinct().ToListAsync(ct);
        Actors = actors.GroupBy(a => a.UserName, StringComparer.Ordinal)
            .Select(g => (g.Key, ActorLabel(g.Key, g.Select(a => a.UserDisplayName).FirstOrDefault(n => n is not null))))
            .OrderBy(a => a.Item2, StringComparer.Ordinal)
            .ToList();

        var entries = db.AuditLog.AsNoTracking();
        if (Action is not null)
            entries = entries.Where(e => e.Action == Action);
        if (Actor is not null)
            entries = entries.Where(e => e.UserName == Actor);
        Paging = new Paging(page, PageSize, await entries.CountAsync(ct));
        if (Paging.IsBeyondEnd && page > 1)
            return NotFound();
        Entries = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(Paging.Skip).Take(Paging.PageSize)
            .ToListAsync(ct);
        return Page();
    }

    // "page" is Razor Pages' own route value (the page name), so the query string is built by hand.
    public string PageUrl(int page)
    {
        var query = new List<string>();
        if (Action is not null)
            query.Add("action=" + Uri.EscapeDataString(Action));
        if (Actor is not null)
            query.Add("user=" + Uri.EscapeDataString(Actor));
        if (page > 1)
            query.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return "/newsroom/audit" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }

    /// <summary>"name (email)" for an account, the name alone for the system or the command line, the stored name else.</summary>
    public static string ActorLabel(string userName, string? displayName) =>
        displayName is null ? userName : userName.Contains('@', StringComparison.Ordinal) ? $"{displayName} ({userName})" : displayName;

    /// <summary>What happened, in the newsroom's words; an action this page does not know yet shows as stored.</summary>
    public static string Describe(string action) => action switch
    {
        AuditActions.ArticleCreated => "إنشاء مقال",
        AuditActions.ArticlePublished => "نشر مقال",
        AuditActions.ArticleScheduled => "جدولة مقال",
        AuditActions.ArticleUnpublished => "إلغاء نشر مقال",
        AuditActions.ArticleDeleted => "حذف مقال",
        AuditActions.ArticleRestored => "استعادة نسخة سابقة من مقال",
        AuditActions.UserCreated => "إنشاء حساب",
        AuditActions.UserRolesChanged => "تغيير أدوار حساب",
        AuditActions.UserDisabled => "تعطيل حساب",
        AuditActions.UserEnabled => "تفعيل حساب",
        AuditActions.PasswordReset => "توليد كلمة مرور جديدة لحساب",
        AuditActions.PasswordChanged => "تغيير كلمة المرور",
        AuditActions.TwoFactorEnabled => "تفعيل التحقق بخطوتين",
        AuditActions.TwoFactorDisabled => "إيقاف التحقق بخطوتين",
        AuditActions.TagsMerged => "دمج وسمين",
        AuditActions.CategoryDeleted => "حذف قسم",
        AuditActions.MediaDeleted => "حذف ملف من الوسائط",
        AuditActions.MediaEdited => "تعديل بيانات صورة في الوسائط",
        AuditActions.SettingsChanged => "تغيير إعدادات الموقع",
        AuditActions.SignedIn => "دخول إلى غرفة الأخبار",
        AuditActions.SignInRefused => "محاولة دخول مرفوضة",
        AuditActions.SignedOut => "خروج من غرفة الأخبار",
        AuditActions.ApiKeyCreated => "إنشاء مفتاح للواجهة البرمجية",
        AuditActions.ApiKeyRevoked => "إلغاء مفتاح للواجهة البرمجية",
        Social.IndexModel.RetriedAction => "إعادة محاولة النشر على القنوات",
        Nashir.Wire.WireAudit.Adopted => "اعتماد خبر وكالة مسودةً",

        AuditActions.CommentApproved => "نشر تعليق",
        AuditActions.CommentRejected => "رفض تعليق",
        AuditActions.CommentMarkedSpam => "تصنيف تعليق مزعجاً",
        AuditActions.CommenterBanned => "حظر صاحب تعليق",
        AuditActions.CommentWordsAdded => "إضافة كلمات إلى قوائم التعليقات",
        AuditActions.CommentWordRemoved => "حذف كلمة من قوائم التعليقات",
        _ => action,
    };

    /// <summary>What kind of thing was acted on, as the newsroom calls it.</summary>
    public static string DescribeTarget(string targetType) => targetType switch
    {
        "article" => "مقال",
        "user" => "حساب",
        "tag" => "وسم",
        "category" => "قسم",
        "media" => "وسائط",
        "settings" => "الإعدادات",
        "apikey" => "مفتاح الواجهة البرمجية",
        "comment" => "تعليق",
        "comment-words" => "قائمة كلمات التعليقات",
        _ => targetType,
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
