using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Data;
using Nashir.Media;

// Not "…Newsroom.Media": that namespace would shadow Nashir.Media for every page under Newsroom ("Media.MediaItem").
namespace Nashir.Pages.Newsroom.MediaLibrary;

/// <summary>One image: its words (caption, credit, alt) edited, where it appears, and deletion when it appears nowhere.</summary>
[Authorize(Policy = Policies.Write)]
public sealed class EditModel(NashirDb db, MediaStore store) : PageModel
{
    public MediaItem Item { get; private set; } = null!;
    public string? UploadedBy { get; private set; }
    public MediaUsage Usage { get; private set; } = new([], []);

    [BindProperty]
    public string? Caption { get; set; }

    [BindProperty]
    public string? Credit { get; set; }

    [BindProperty]
    public string? Alt { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? DeleteError { get; private set; }

    /// <summary>Whether this person may change or delete the item (<see cref="MediaRules.CanEdit"/>).</summary>
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
            return NotFound();
        (Caption, Credit, Alt) = (Item.Caption, Item.Credit, Item.Alt);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
            return NotFound();
        if (!CanEdit)
            return Refused();
        MediaFields.Validate(Caption, Credit, Alt, Errors);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await store.UpdateDetailsAsync(Item, new MediaDetails(MediaFields.Clean(Caption), MediaFields.Clean(Credit), MediaFields.Clean(Alt)), User, ct);
        TempData["Notice"] = "حُفظت بيانات الصورة.";
        return Redirect(Address(id));
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
            return NotFound();
        if (!CanEdit)
            return Refused();
        var usage = await store.DeleteAsync(Item, User, ct);
        if (usage.IsUsed)
        {
            Usage = usage;
            (Caption, Credit, Alt) = (Item.Caption, Item.Credit, Item.Alt);
            DeleteError = "لا يمكن حذف الصورة لأنها مستخدمة. أزلها أولاً من المقالات أو الكتّاب المذكورين أدناه.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        TempData["Notice"] = "حُذفت الصورة من المكتبة.";
        return Redirect("/newsroom/media");
    }

    private PageResult Refused()
    {
        (Caption, Credit, Alt) = (Item.Caption, Item.Credit, Item.Alt);
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    public static string Address(int id) => "/newsroom/media/" + id.ToString(CultureInfo.InvariantCulture);

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var item = await db.Media.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (item is null)
            return false;
        Item = item;
        UploadedBy = item.UploadedById is null
            ? null
            : await db.Users.Where(u => u.Id == item.UploadedById).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        Usage = await store.FindUsageAsync(item, ct);
        CanEdit = MediaRules.CanEdit(User, item, Usage.IsUsedByLive);
        return true;
    }
}
