using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;

namespace Nashir.Pages.Newsroom;

/// <summary>Sign-in: email and password, then the authenticator code when two-factor is on.</summary>
public sealed class LoginModel(SignInManager<NashirUser> signIn, UserManager<NashirUser> users) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool RememberMe { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public bool NeedsCode { get; private set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Error = "يرجى كتابة البريد الإلكتروني وكلمة المرور.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is null)
            return Refuse();
        if (user.IsDisabled)
        {
            Error = "هذا الحساب معطّل. تواصل مع مدير الموقع.";
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Password, RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
            return LocalRedirect(SafeReturnUrl());
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Newsroom/LoginCode", new { returnUrl = SafeReturnUrl(), rememberMe = RememberMe });
        if (result.IsLockedOut)
        {
            Error = "أُقفل الحساب مؤقتاً بعد محاولات دخول فاشلة متكررة. حاول بعد 15 دقيقة.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        return Refuse();
    }

    private PageResult Refuse()
    {
        // The same message whether the email exists or not, so the form does not reveal accounts.
        Error = "البريد الإلكتروني أو كلمة المرور غير صحيحة.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private string SafeReturnUrl() => Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith("/newsroom", StringComparison.Ordinal) ? ReturnUrl : "/newsroom";
}
