using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;

namespace Nashir.Pages.Newsroom;

[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class LogoutModel(SignInManager<NashirUser> signIn) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Newsroom/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/newsroom/login");
    }
}
