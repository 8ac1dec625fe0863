using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Arabic;
using Nashir.Articles;
using Nashir.Audit;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Pages.Newsroom.Taxonomy;

/// <summary>
/// Tags are made in the article editor; here they are found, renamed (the slug follows the name) and merged,
/// which is how duplicates such as «غزة» and «قطاع غزة» become one.
/// </summary>
[Authorize(Policy = Policies.Publish)]
public sealed class TagsModel(NashirDb db, AuditLog audit) : PageModel
{
    public const int PageSize = 50;

    [BindProperty] public string? Name { get; set; }

    /// <summary>The name (or slug) of the tag that stays when this one is merged into it.</summary>
    [BindProperty] public string? Into { get; set; }

    public string? Query { get; private set; }
    public Tag? Editing { get; private set; }
    public int EditingArticles { get; private set; }
    public IReadOnlyList<Row> Tags { get; private set; } = [];
    public Paging Paging { get; private set; } = new(1, PageSize, 0);
    public string? Error { get; private set; }

    public sealed record Row(int Id, string Name, string Slug, int Articles);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Request.Query["edit"].Count > 1 || !TaxonomyForm.TryParseId(Request.Query["edit"].FirstOrDefault(), out var edit)
            || Request.Query["page"].Count > 1 || !Paging.TryParsePage(Request.Query["page"].FirstOrDefault(), out var page)
            || Request.Query["q"].Count > 1)
            return BadRequest();
        Query = TaxonomyForm.Clean(Request.Query["q"].FirstOrDefault());
        if (edit is { } id)
        {
            if (!await LoadEditingAsync(id, ct))
                return NotFound();
            Name = Editing!.Name;
        }
        var tags = Filtered();
        Paging = new Paging(page, PageSize, await tags.CountAsync(ct));
        if (Paging.IsBeyondEnd && page > 1)
            return NotFound();
        await LoadListAsync(tags, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRenameAsync(int id, CancellationToken ct)
    {
        if (!await LoadEditingAsync(id, ct))
            return NotFound();
        var tag = Editing!;
        Name = TaxonomyForm.Clean(Name);
        var slug = Slugs.Slugify(Name ?? "");
        if (Name is null)
            ModelState.AddModelError(nameof(Name), "يرجى كتابة اسم الوسم.");
        else if (Name.Length > TaxonomyForm.NameMaxLength)
            ModelState.AddModelError(nameof(Name), string.Create(CultureInfo.InvariantCulture, $"يجب ألا يزيد الاسم على {TaxonomyForm.NameMaxLength} حرفاً."));
        else if (slug.Length == 0)
            ModelState.AddModelError(nameof(Name), "يجب أن يحتوي الاسم على حرف أو رقم.");
        else if (await db.Tags.AnyAsync(t => t.Name == Name && t.Id != id, ct))
            ModelState.AddModelError(nameof(Name), $"يوجد وسم آخر باسم «{Name}». لجمع الوسمين في وسم واحد استخدم الدمج أدناه.");
        if (!ModelState.IsValid)
            return await RefuseAsync(StatusCodes.Status400BadRequest, ct);
        if (string.Equals(tag.Name, Name, StringComparison.Ordinal))
            return Done("لم يتغير الاسم.", tag.Id);

        var oldName = tag.Name;
        tag.Name = Name!;
        // The slug follows the name, so the tag's address reads like the tag; a change the slug cannot show
        // (a diacritic, punctuation) keeps the address.
        if (!string.Equals(Slugs.Slugify(oldName), slug, StringComparison.Ordinal))
        {
            TaxonomyEdits.RetireSlug(db, tag.Slug, tag.Id, DateTime.UtcNow);
            tag.Slug = Slugs.MakeUnique(slug, s => db.Tags.Any(t => t.Slug == s && t.Id != id));
            await db.TagSlugs.Where(s => s.Slug == tag.Slug && s.TagId == tag.Id).ExecuteDeleteAsync(ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (TaxonomyEdits.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            Error = "حُفظ وسم بالاسم نفسه قبل لحظات. أعد المحاولة.";
            return await RefuseAsync(StatusCodes.Status409Conflict, ct);
        }
        return Done($"صار اسم الوسم «{tag.Name}».", tag.Id);
    }

    public async Task<IActionResult> OnPostMergeAsync(int id, CancellationToken ct)
    {
        if (!await LoadEditingAsync(id, ct))
            return NotFound();
        var from = Editing!;
        Name = from.Name;
        Into = TaxonomyForm.Clean(Into);
        Tag? into = null;
        if (Into is null)
        {
            ModelState.AddModelError(nameof(Into), "يرجى كتابة اسم الوسم الذي يبقى.");
        }
        else
        {
            var slug = Slugs.Slugify(Into);
            into = await db.Tags.FirstOrDefaultAsync(t => t.Name == Into, ct)
                ?? await db.Tags.FirstOrDefaultAsync(t => t.Slug == slug || t.Slug == Into, ct);
            if (into is null)
                ModelState.AddModelError(nameof(Into), $"لا يوجد وسم باسم «{Into}». اكتب الاسم كما يظهر في قائمة الوسوم.");
            else if (into.Id == from.Id)
                ModelState.AddModelError(nameof(Into), "لا يُدمج الوسم في نفسه. اكتب اسم وسم آخر.");
        }
        if (!ModelState.IsValid)
            return await RefuseAsync(StatusCodes.Status400BadRequest, ct);

        await TaxonomyEdits.MergeTagsAsync(db, audit, User, from, into!, ct);
        return Done($"دُمج الوسم «{from.Name}» في «{into!.Name}»، وحُذف «{from.Name}».", into.Id);
    }

    private async Task<bool> LoadEditingAsync(int id, CancellationToken ct)
    {
        Editing = await db.Tags.FindAsync([id], ct);
        if (Editing is null)
            return false;
        EditingArticles = await db.Articles.CountAsync(a => a.Tags.Any(t => t.Id == id), ct);
        return true;
    }

    private IQueryable<Tag> Filtered()
    {
        var tags = db.Tags.AsNoTracking();
        if (Query is not null)
        {
            var pattern = TaxonomyForm.ContainsPattern(Query);
            tags = tags.Where(t => EF.Functions.Like(t.Name, pattern, TaxonomyForm.LikeEscape) || EF.Functions.Like(t.Slug, pattern, TaxonomyForm.LikeEscape));
        }
        return tags;
    }

    private async Task LoadListAsync(IQueryable<Tag> tags, CancellationToken ct) =>
        Tags = await tags
            .OrderByDescending(t => t.Articles.Count).ThenBy(t => t.Name)
            .Skip(Paging.Skip).Take(Paging.PageSize)
            .Select(t => new Row(t.Id, t.Name, t.Slug, t.Articles.Count))
            .ToListAsync(ct);

    private async Task<PageResult> RefuseAsync(int status, CancellationToken ct)
    {
        Response.StatusCode = status;
        var tags = Filtered();
        Paging = new Paging(1, PageSize, await tags.CountAsync(ct));
        await LoadListAsync(tags, ct);
        return Page();
    }

    private RedirectResult Done(string notice, int id)
    {
        TempData["Notice"] = notice;
        return Redirect("/newsroom/taxonomy/tags?edit=" + id.ToString(CultureInfo.InvariantCulture));
    }

    public string PageUrl(int page)
    {
        var query = new List<string>();
        if (Query is not null)
            query.Add("q=" + Uri.EscapeDataString(Query));
        if (page > 1)
            query.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return "/newsroom/taxonomy/tags" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
    }
}
