using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;

namespace Nashir.Pages.Newsroom;

/// <summary>Sign-in: email and password, then the authenticator code when two-factor is on.</summary>
public sealed class LoginModel(SignInManager<NashirUser> signIn, UserManager<NashirUser> users, SignInThrottle throttle) : PageModel
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
        // An address over its allowance is refused before any account is looked up: the same answer for every email.
        if (!throttle.TryBegin(Site.ClientAddress.Of(HttpContext), out var attempt, out var retryAfter))
            return Throttled(retryAfter);
        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is null)
        {
            // The same work as a real check, so the answer's timing does not reveal which emails have accounts.
            SignInChecks.VerifyDummyPassword(users, Password);
            return Refuse();
        }
        // Disabled or locked is said only to someone who proved they hold the password; a wrong one is refused
        // like any other, with the same one password check.
        if (user.IsDisabled || await users.IsLockedOutAsync(user))
        {
            if (!await users.CheckPasswordAsync(user, Password))
                return Refuse();
            throttle.Succeeded(attempt);
            if (user.IsDisabled)
            {
                Error = "هذا الحساب معطّل. تواصل مع مدير الموقع.";
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            }
            Error = "أُقفل الحساب مؤقتاً بعد محاولات دخول فاشلة متكررة. حاول بعد 15 دقيقة.";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Password, RememberMe, lockoutOnFailure: true);
        if (result.Succeeded || result.RequiresTwoFactor)
            throttle.Succeeded(attempt);
        if (result.Succeeded)
            return LocalRedirect(SafeReturnUrl());
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Newsroom/LoginCode", new { returnUrl = SafeReturnUrl(), rememberMe = RememberMe });
        // A wrong password, including the one that just locked the account.
        return Refuse();
    }

    private PageResult Refuse()
    {
        // One answer for every failed check (unknown email, wrong password, disabled or locked account with a
        // wrong password), so the form does not reveal which accounts exist or what state they are in.
        Error = "البريد الإلكتروني أو كلمة المرور غير صحيحة.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private PageResult Throttled(TimeSpan retryAfter)
    {
        Error = "محاولات دخول فاشلة كثيرة من هذا العنوان. انتظر قليلاً ثم حاول مجدداً.";
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    private string SafeReturnUrl() => SignInReturn.Choose(ReturnUrl, Url);
}
