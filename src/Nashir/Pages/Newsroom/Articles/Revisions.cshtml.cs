using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Data;

namespace Nashir.Pages.Newsroom.Articles;

/// <summary>An article's saved versions: list, side-by-side comparison with the one before, restore.</summary>
[Authorize(Policy = Policies.Write)]
public sealed class RevisionsModel(NashirDb db, ArticleDesk desk) : PageModel
{
    public Article Article { get; private set; } = null!;
    public IReadOnlyList<ArticleRevision> Revisions { get; private set; } = [];
    public ArticleRevision? Selected { get; private set; }
    public RevisionDiff.Comparison? Diff { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int? version, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failure)
            return failure;
        if (version is not null)
        {
            Selected = Revisions.FirstOrDefault(r => r.Version == version);
            if (Selected is null)
                return NotFound();
            var previous = Revisions.Where(r => r.Version < Selected.Version).MaxBy(r => r.Version);
            Diff = RevisionDiff.Compare(previous?.Headline, previous?.Body, Selected.Headline, Selected.Body);
        }
        return Page();
    }

    /// <summary>Restoring is an edit like any other: it goes through the desk, makes a new revision and keeps a live article live.</summary>
    public async Task<IActionResult> OnPostRestoreAsync(int id, int version, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failure)
            return failure;
        var revision = Revisions.FirstOrDefault(r => r.Version == version);
        if (revision is null)
            return NotFound();
        var article = (await desk.LoadAsync(id, ct))!;
        var form = ArticleForm.From(article, _ => "");
        form.ScheduledFor = null;
        (form.Headline, form.Dek, form.Body, form.Byline) = (revision.Headline, revision.Dek, revision.Body, revision.Byline);
        var outcome = await desk.SaveAsync(User, id, form, EditorAction.Save, ct);
        if (outcome.Status != SaveStatus.Saved)
        {
            TempData["Notice"] = "تعذرت استعادة النسخة: " + string.Join(" ", form.Errors.Values);
            return Redirect($"/newsroom/articles/{id}/revisions");
        }
        TempData["Notice"] = $"استُعيدت النسخة {version}.";
        return Redirect($"/newsroom/articles/{id}");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
            return NotFound();
        if (!ArticleDesk.CanEdit(User, article))
            return Forbid();
        Article = article;
        Revisions = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == id).OrderByDescending(r => r.Version).ToListAsync(ct);
        return null;
    }
}
