using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Audit;
using Nashir.Data;

namespace Nashir.Pages.Newsroom;

/// <summary>
/// First run: creates the first admin, only for whoever holds the one-time token printed to the console.
/// Once an account exists the page is gone (404).
/// </summary>
public sealed class SetupModel(NashirDb db, UserManager<NashirUser> users, SignInManager<NashirUser> signIn, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Token { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Password { get; set; }

    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync() => await db.Users.AnyAsync() ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await db.Users.AnyAsync())
            return NotFound();
        var settings = await db.SiteSettings.FirstOrDefaultAsync();
        if (settings?.SetupTokenHash is null || string.IsNullOrWhiteSpace(Token)
            || !string.Equals(settings.SetupTokenHash, AccountsSetup.HashToken(Token), StringComparison.Ordinal))
            Errors.Add("رمز الإعداد غير صحيح. تجده في سجل تشغيل الخادم.");
        if (string.IsNullOrWhiteSpace(DisplayName))
            Errors.Add("يرجى كتابة الاسم.");
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = new NashirUser
        {
            UserName = Email?.Trim(),
            Email = Email?.Trim(),
            DisplayName = DisplayName!.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, Password ?? "");
        if (result.Succeeded)
            result = await users.AddToRoleAsync(user, Roles.Admin);
        if (!result.Succeeded)
        {
            Errors.AddRange(result.Errors.Select(e => e.Description));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        settings!.SetupTokenHash = null;
        audit.RecordAccount(ChangedBy.Of(user), AuditActions.UserCreated, user, $"{Roles.ArabicName(Roles.Admin)}، أول حساب، من صفحة الإعداد");
        audit.RecordAccount(ChangedBy.Of(user), AuditActions.SignedIn, user, "بعد إنشاء أول حساب");
        await db.SaveChangesAsync();
        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect("/newsroom");
    }
}
