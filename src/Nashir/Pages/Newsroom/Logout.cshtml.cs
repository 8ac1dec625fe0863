using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;

namespace Nashir.Pages.Newsroom;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class LogoutModel(SignInManager<NashirUser> signIn, UserManager<NashirUser> users) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Newsroom/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        // A new security stamp makes every copy of this account's cookie stop working, not just this browser's.
        if (await users.GetUserAsync(User) is { } user)
            await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return Redirect("/newsroom/login");
    }
}
