using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Data;

namespace Nashir.Pages.Newsroom.Taxonomy;

/// <summary>Author profiles, the public side of a byline: name, address, a short bio and a photo from the media library.</summary>
[Authorize(Policy = Policies.Publish)]
public sealed class AuthorsModel(NashirDb db) : PageModel
{
    /// <summary>How many of the newest media items the photo list offers.</summary>
    public const int PhotoChoices = 50;

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Slug { get; set; }
    [BindProperty] public string? Bio { get; set; }
    [BindProperty] public string? PhotoId { get; set; }

    public Author? Editing { get; private set; }
    public IReadOnlyList<Row> Authors { get; private set; } = [];
    public IReadOnlyList<Photo> Photos { get; private set; } = [];
    public string? Error { get; private set; }

    public sealed record Row(int Id, string Name, string Slug, bool HasPhoto, int Articles);

    public sealed record Photo(int Id, string Label);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Request.Query["edit"].Count > 1 || !TaxonomyForm.TryParseId(Request.Query["edit"].FirstOrDefault(), out var edit))
            return BadRequest();
        if (edit is { } id)
        {
            Editing = await db.Authors.FindAsync([id], ct);
            if (Editing is null)
                return NotFound();
            (Name, Slug, Bio) = (Editing.Name, Editing.Slug, Editing.Bio);
            PhotoId = Editing.PhotoId?.ToString(CultureInfo.InvariantCulture);
        }
        await LoadListsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var author = new Author { Name = "", Slug = "" };
        if (!await ValidateAsync(author, ct))
            return await RefuseAsync(StatusCodes.Status400BadRequest, ct);
        db.Authors.Add(author);
        return await SaveAsync($"أُضيف الكاتب «{author.Name}».", ct);
    }

    public async Task<IActionResult> OnPostUpdateAsync(int id, CancellationToken ct)
    {
        Editing = await db.Authors.FindAsync([id], ct);
        if (Editing is null)
            return NotFound();
        if (!await ValidateAsync(Editing, ct))
            return await RefuseAsync(StatusCodes.Status400BadRequest, ct);
        return await SaveAsync($"حُفظ الكاتب «{Editing.Name}».", ct);
    }

    private async Task<bool> ValidateAsync(Author author, CancellationToken ct)
    {
        Name = TaxonomyForm.Clean(Name);
        Slug = TaxonomyForm.Clean(Slug);
        Bio = TaxonomyForm.Clean(Bio);
        PhotoId = TaxonomyForm.Clean(PhotoId);

        if (Name is null)
            ModelState.AddModelError(nameof(Name), "يرجى كتابة اسم الكاتب.");
        else if (Name.Length > TaxonomyForm.NameMaxLength)
            ModelState.AddModelError(nameof(Name), string.Create(CultureInfo.InvariantCulture, $"يجب ألا يزيد الاسم على {TaxonomyForm.NameMaxLength} حرفاً."));
        else if (await db.Authors.AnyAsync(a => a.Name == Name && a.Id != author.Id, ct))
            ModelState.AddModelError(nameof(Name), $"يوجد كاتب باسم «{Name}». إن كانا شخصين مختلفين فميّز أحدهما، كأن تضيف اسم العائلة.");

        var slug = await TaxonomyForm.ResolveSlugAsync(ModelState, Slug, Name,
            s => db.Authors.Where(a => a.Slug == s && a.Id != author.Id).Select(a => a.Name).FirstOrDefaultAsync(ct),
            s => db.Authors.Any(a => a.Slug == s && a.Id != author.Id), "للكاتب");

        if (Bio?.Length > TaxonomyForm.TextMaxLength)
            ModelState.AddModelError(nameof(Bio), string.Create(CultureInfo.InvariantCulture, $"يجب ألا تزيد النبذة على {TaxonomyForm.TextMaxLength} حرف."));

        int? photoId = null;
        if (PhotoId is not null)
        {
            if (TaxonomyForm.TryParseNumber(PhotoId, int.MaxValue, out var id) && await db.Media.AnyAsync(m => m.Id == id, ct))
                photoId = id;
            else
                ModelState.AddModelError(nameof(PhotoId), "اختر صورة من القائمة.");
        }

        if (!ModelState.IsValid)
            return false;
        author.Name = Name!;
        author.Slug = slug;
        author.Bio = Bio;
        author.PhotoId = photoId;
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
            Error = "حُفظ كاتب بالمعرّف نفسه قبل لحظات. راجع القائمة ثم أعد المحاولة.";
            return await RefuseAsync(StatusCodes.Status409Conflict, ct);
        }
        TempData["Notice"] = notice;
        return Redirect("/newsroom/taxonomy/authors");
    }

    private async Task<PageResult> RefuseAsync(int status, CancellationToken ct)
    {
        Response.StatusCode = status;
        await LoadListsAsync(ct);
        return Page();
    }

    private async Task LoadListsAsync(CancellationToken ct)
    {
        Authors = await db.Authors.AsNoTracking()
            .OrderBy(a => a.Name)
            .Select(a => new Row(a.Id, a.Name, a.Slug, a.PhotoId != null, a.Articles.Count))
            .ToListAsync(ct);
        var current = TaxonomyForm.TryParseNumber(PhotoId, int.MaxValue, out var id) ? id : (int?)null;
        // The newest items, plus the one already chosen even when it is older than those.
        var media = await db.Media.AsNoTracking()
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Take(PhotoChoices)
            .Select(m => new { m.Id, m.Caption, m.Alt, m.OriginalName, m.Path })
            .ToListAsync(ct);
        if (current is { } chosen && media.All(m => m.Id != chosen))
            media.AddRange(await db.Media.AsNoTracking().Where(m => m.Id == chosen)
                .Select(m => new { m.Id, m.Caption, m.Alt, m.OriginalName, m.Path }).ToListAsync(ct));
        Photos = [.. media.Select(m => new Photo(m.Id, TaxonomyForm.Clean(m.Caption) ?? TaxonomyForm.Clean(m.Alt) ?? m.OriginalName ?? m.Path))];
    }
}
