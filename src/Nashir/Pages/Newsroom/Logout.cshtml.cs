using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;
using Nashir.Audit;
using Nashir.Data;

namespace Nashir.Pages.Newsroom;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class LogoutModel(SignInManager<NashirUser> signIn, UserManager<NashirUser> users, NashirDb db, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Newsroom/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        // A new security stamp makes every copy of this account's cookie stop working, not just this browser's.
        if (await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
            audit.RecordAccount(ChangedBy.Of(user), AuditActions.SignedOut, user);
            await db.SaveChangesAsync();
        }
        await signIn.SignOutAsync();
        return Redirect("/newsroom/login");
    }
}
