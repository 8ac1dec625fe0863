using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Data;

namespace Nashir.Pages.Newsroom.Taxonomy;

/// <summary>Wire agencies and outlets an article can credit (الأناضول، رويترز…): a unique name and an optional link.</summary>
[Authorize(Policy = Policies.Publish)]
public sealed class SourcesModel(NashirDb db) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Website { get; set; }

    public Source? Editing { get; private set; }
    public IReadOnlyList<Row> Sources { get; private set; } = [];
    public string? Error { get; private set; }

    public sealed record Row(int Id, string Name, string? Url, int Articles);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Request.Query["edit"].Count > 1 || !TaxonomyForm.TryParseId(Request.Query["edit"].FirstOrDefault(), out var edit))
            return BadRequest();
        if (edit is { } id)
        {
            Editing = await db.Sources.FindAsync([id], ct);
            if (Editing is null)
                return NotFound();
            (Name, Website) = (Editing.Name, Editing.Url);
        }
        await LoadListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var source = new Source { Name = "" };
        if (!await ValidateAsync(source, ct))
            return await RefuseAsync(StatusCodes.Status400BadRequest, ct);
        db.Sources.Add(source);
        return await SaveAsync($"أُضيف المصدر «{source.Name}».", ct);
    }

    public async Task<IActionResult> OnPostUpdateAsync(int id, CancellationToken ct)
    {
        Editing = await db.Sources.FindAsync([id], ct);
        if (Editing is null)
            return NotFound();
        if (!await ValidateAsync(Editing, ct))
            return await RefuseAsync(StatusCodes.Status400BadRequest, ct);
        return await SaveAsync($"حُفظ المصدر «{Editing.Name}».", ct);
    }

    private async Task<bool> ValidateAsync(Source source, CancellationToken ct)
    {
        Name = TaxonomyForm.Clean(Name);
        Website = TaxonomyForm.Clean(Website);
        if (Name is null)
            ModelState.AddModelError(nameof(Name), "يرجى كتابة اسم المصدر.");
        else if (Name.Length > TaxonomyForm.NameMaxLength)
            ModelState.AddModelError(nameof(Name), string.Create(CultureInfo.InvariantCulture, $"يجب ألا يزيد الاسم على {TaxonomyForm.NameMaxLength} حرفاً."));
        else if (await db.Sources.AnyAsync(s => s.Name == Name && s.Id != source.Id, ct))
            ModelState.AddModelError(nameof(Name), $"يوجد مصدر باسم «{Name}».");
        if (Website is not null && (Website.Length > TaxonomyForm.UrlMaxLength
            || !Uri.TryCreate(Website, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            ModelState.AddModelError(nameof(Website), "اكتب رابطاً كاملاً يبدأ بـ https:// أو اترك الحقل فارغاً.");
        if (!ModelState.IsValid)
            return false;
        source.Name = Name!;
        source.Url = Website;
        return true;
    }

    private async Task<IActionResult> SaveAsync(string notice, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (TaxonomyEdits.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(nameof(Name), $"يوجد مصدر باسم «{Name}».");
            return await RefuseAsync(StatusCodes.Status409Conflict, ct);
        }
        TempData["Notice"] = notice;
        return Redirect("/newsroom/taxonomy/sources");
    }

    private async Task<PageResult> RefuseAsync(int status, CancellationToken ct)
    {
        Response.StatusCode = status;
        await LoadListAsync(ct);
        return Page();
    }

    private async Task LoadListAsync(CancellationToken ct) =>
        Sources = await db.Sources.AsNoTracking()
            .OrderBy(s => s.Name)
            .Select(s => new Row(s.Id, s.Name, s.Url, s.Articles.Count))
            .ToListAsync(ct);
}
