using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;
using Nashir.Audit;
using Nashir.Data;

namespace Nashir.Pages.Newsroom;

/// <summary>Second step of sign-in for accounts with an authenticator app.</summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
public sealed class LoginCodeModel(SignInManager<NashirUser> signIn, SignInThrottle throttle, NashirDb db, AuditLog audit) : PageModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true)] public bool RememberMe { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Newsroom/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
            return RedirectToPage("/Newsroom/Login");
        // Wrong codes count against the address like wrong passwords, so one address cannot guess codes for
        // account after account, each up to its own lockout.
        if (!throttle.TryBegin(Site.ClientAddress.Of(HttpContext), out var attempt, out var retryAfter))
        {
            Error = SignInThrottle.Message;
            SignInThrottle.Refuse(Response, retryAfter);
            return Page();
        }
        var typed = (Code ?? "").Trim();
        var digits = new string(typed.Where(char.IsAsciiDigit).ToArray());
        // Six digits are an authenticator code; anything else is tried as a one-time recovery code.
        var isAuthenticatorCode = digits.Length == 6 && typed.All(c => char.IsAsciiDigit(c) || c is ' ' or '-');
        var result = isAuthenticatorCode
            ? await signIn.TwoFactorAuthenticatorSignInAsync(digits, RememberMe, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(typed.Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
            audit.RecordAccount(ChangedBy.Of(user), AuditActions.SignedIn, user, isAuthenticatorCode ? "بكلمة المرور ورمز التحقق" : "بكلمة المرور ورمز استرداد");
        else
            audit.RecordSignInRefused(user.Email ?? "", user, result.IsLockedOut ? "رمز تحقق غير صحيح، والحساب مقفل مؤقتاً" : "رمز تحقق غير صحيح");
        await db.SaveChangesAsync();
        if (result.Succeeded)
        {
            throttle.Succeeded(attempt);
            return LocalRedirect(SignInReturn.Choose(ReturnUrl, Url));
        }
        Error = result.IsLockedOut
            ? "أُقفل الحساب مؤقتاً بعد محاولات فاشلة متكررة. حاول بعد 15 دقيقة."
            : "رمز التحقق غير صحيح. اكتب الرمز المكوّن من 6 أرقام كما يظهر في تطبيق المصادقة، أو أحد رموز الاسترداد.";
        Response.StatusCode = result.IsLockedOut ? StatusCodes.Status429TooManyRequests : StatusCodes.Status400BadRequest;
        return Page();
    }
}
