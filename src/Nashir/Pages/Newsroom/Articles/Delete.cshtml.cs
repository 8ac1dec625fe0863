using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;
using Nashir.Articles;

namespace Nashir.Pages.Newsroom.Articles;

/// <summary>
/// Deleting an article, asked first. Page responsibility: say what will be lost (comments, revisions, the address),
/// offer unpublishing instead, and hand a confirmed deletion to <see cref="ArticleDesk.DeleteAsync"/>; an article
/// readers can see takes a second, explicit confirmation.
/// </summary>
[Authorize(Policy = Policies.Publish)]
public sealed class DeleteModel(ArticleDesk desk) : PageModel
{
    public DeletionImpact Impact { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await desk.DeletionImpactAsync(id, ct) is not { } impact)
            return NotFound();
        Impact = impact;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, [FromForm] bool confirm, [FromForm] bool confirmLive, CancellationToken ct)
    {
        var headline = (await desk.DeletionImpactAsync(id, ct))?.Article.Headline;
        switch (await desk.DeleteAsync(User, id, confirm, confirmLive, ct))
        {
            case DeleteStatus.Deleted:
                TempData["Notice"] = $"حُذف المقال «{headline}».";
                return Redirect("/newsroom/articles");
            case DeleteStatus.NotFound:
                return NotFound();
            case DeleteStatus.Forbidden:
                return Forbid();
        }
        Impact = (await desk.DeletionImpactAsync(id, ct))!;
        Error = Impact.IsLive
            ? "لم يُحذف المقال: هو ظاهر للقراء، فأكّد أنك تريد حذفه رغم ذلك بتحديد المربع أدناه."
            : "لم يُحذف المقال: يرجى تأكيد الحذف من هذه الصفحة.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The gentler choice: the article leaves the site but keeps its text, revisions and comments.</summary>
    public async Task<IActionResult> OnPostUnpublishAsync(int id, CancellationToken ct)
    {
        var article = await desk.LoadAsync(id, ct);
        if (article is null)
            return NotFound();
        var form = ArticleForm.From(article, _ => "");
        form.ScheduledFor = null;
        var outcome = await desk.SaveAsync(User, id, form, EditorAction.Unpublish, ct);
        if (outcome.Status == SaveStatus.Forbidden)
            return Forbid();
        TempData["Notice"] = outcome.Status == SaveStatus.Saved
            ? "أُلغي نشر المقال؛ لم يُحذف شيء منه."
            : "تعذر إلغاء النشر: " + string.Join(" ", form.Errors.Values);
        return Redirect("/newsroom/articles/" + id.ToString(CultureInfo.InvariantCulture));
    }
}
