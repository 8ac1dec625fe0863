using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Audit;
using Nashir.Data;

namespace Nashir.Pages.Newsroom.Taxonomy;

/// <summary>
/// Categories: the site's sections. Name, address (slug), description, order in the navigation.
/// A category is deleted only when no article, draft or published, is filed under it.
/// </summary>
[Authorize(Policy = Policies.Publish)]
public sealed class IndexModel(NashirDb db, AuditLog audit) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Slug { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Position { get; set; }

    // No checkbox in the post means "unticked", so the bound default must be false.
    [BindProperty] public bool InNavigation { get; set; }

    /// <summary>The category being edited; null when the form creates one.</summary>
    public Category? Editing { get; private set; }
    public IReadOnlyList<Row> Categories { get; private set; } = [];
    public string? Error { get; private set; }

    public sealed record Row(int Id, string Name, string Slug, int Position, bool InNavigation, int Articles);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Request.Query["edit"].Count > 1 || !TaxonomyForm.TryParseId(Request.Query["edit"].FirstOrDefault(), out var edit))
            return BadRequest();
        if (edit is { } id)
        {
            Editing = await db.Categories.FindAsync([id], ct);
            if (Editing is null)
                return NotFound();
            (Name, Slug, Description, InNavigation) = (Editing.Name, Editing.Slug, Editing.Description, Editing.InNavigation);
            Position = Editing.Position.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            InNavigation = true;
        }
        await LoadListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var category = new Category { Name = "", Slug = "" };
        if (!await ValidateAsync(category, ct))
            return await InvalidAsync(ct);
        if (string.IsNullOrWhiteSpace(Position))
            category.Position = (await db.Categories.MaxAsync(c => (int?)c.Position, ct) ?? 0) + 1;
        db.Categories.Add(category);
        return await SaveAsync($"أُضيف القسم «{category.Name}».", ct);
    }

    public async Task<IActionResult> OnPostUpdateAsync(int id, CancellationToken ct)
    {
        Editing = await db.Categories.FindAsync([id], ct);
        if (Editing is null)
            return NotFound();
        if (!await ValidateAsync(Editing, ct))
            return await InvalidAsync(ct);
        return await SaveAsync($"حُفظ القسم «{Editing.Name}».", ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        Editing = await db.Categories.FindAsync([id], ct);
        if (Editing is null)
            return NotFound();
        var used = await db.Articles.CountAsync(a => a.CategoryId == id, ct);
        if (used > 0)
        {
            (Name, Slug, Description, InNavigation) = (Editing.Name, Editing.Slug, Editing.Description, Editing.InNavigation);
            Position = Editing.Position.ToString(CultureInfo.InvariantCulture);
            Error = $"لا يمكن حذف القسم «{Editing.Name}» لأنه مستخدم في {TaxonomyForm.Articles(used)}. انقل مقالاته إلى قسم آخر أولاً، أو أخفِه من القائمة.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            await LoadListAsync(ct);
            return Page();
        }
        db.Categories.Remove(Editing);
        audit.Record(User, AuditActions.CategoryDeleted, "category", Editing.Id.ToString(CultureInfo.InvariantCulture), $"{Editing.Name} ({Editing.Slug})");
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = $"حُذف القسم «{Editing.Name}».";
        return Redirect("/newsroom/taxonomy");
    }

    /// <summary>Checks the form and copies it onto <paramref name="category"/>; errors go next to their fields.</summary>
    private async Task<bool> ValidateAsync(Category category, CancellationToken ct)
    {
        Name = TaxonomyForm.Clean(Name);
        Slug = TaxonomyForm.Clean(Slug);
        Description = TaxonomyForm.Clean(Description);
        Position = TaxonomyForm.Clean(Position);

        if (Name is null)
            ModelState.AddModelError(nameof(Name), "يرجى كتابة اسم القسم.");
        else if (Name.Length > TaxonomyForm.NameMaxLength)
            ModelState.AddModelError(nameof(Name), string.Create(CultureInfo.InvariantCulture, $"يجب ألا يزيد الاسم على {TaxonomyForm.NameMaxLength} حرفاً."));
        else if (await db.Categories.AnyAsync(c => c.Name == Name && c.Id != category.Id, ct))
            ModelState.AddModelError(nameof(Name), $"يوجد قسم باسم «{Name}». اختر اسماً آخر.");

        var slug = await TaxonomyForm.ResolveSlugAsync(ModelState, Slug, Name,
            s => db.Categories.Where(c => c.Slug == s && c.Id != category.Id).Select(c => c.Name).FirstOrDefaultAsync(ct),
            s => db.Categories.Any(c => c.Slug == s && c.Id != category.Id), "للقسم");

        if (Description?.Length > TaxonomyForm.TextMaxLength)
            ModelState.AddModelError(nameof(Description), string.Create(CultureInfo.InvariantCulture, $"يجب ألا يزيد الوصف على {TaxonomyForm.TextMaxLength} حرف."));

        var position = category.Position;
        if (Position is not null && !TaxonomyForm.TryParseNumber(Position, TaxonomyForm.MaxPosition, out position))
            ModelState.AddModelError(nameof(Position), string.Create(CultureInfo.InvariantCulture, $"اكتب رقماً صحيحاً بين 0 و{TaxonomyForm.MaxPosition}، مثل 3."));

        if (!ModelState.IsValid)
            return false;
        category.Name = Name!;
        category.Slug = slug;
        category.Description = Description;
        category.Position = position;
        category.InNavigation = InNavigation;
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
            Error = "حُفظ قسم بالاسم أو المعرّف نفسه قبل لحظات. راجع القائمة ثم أعد المحاولة.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            db.ChangeTracker.Clear();
            await LoadListAsync(ct);
            return Page();
        }
        TempData["Notice"] = notice;
        return Redirect("/newsroom/taxonomy");
    }

    private async Task<PageResult> InvalidAsync(CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadListAsync(ct);
        return Page();
    }

    private async Task LoadListAsync(CancellationToken ct) =>
        Categories = await db.Categories.AsNoTracking()
            .OrderBy(c => c.Position).ThenBy(c => c.Id)
            .Select(c => new Row(c.Id, c.Name, c.Slug, c.Position, c.InNavigation, c.Articles.Count))
            .ToListAsync(ct);
}
