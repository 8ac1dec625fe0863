using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;
using Nashir.Audit;
using Nashir.Data;

namespace Nashir.Pages.Newsroom;

/// <summary>
/// Sign-in: email and password, then the authenticator code when two-factor is on. Every sign-in and every refusal is
/// audited (a refusal with the email as typed and the reason, never the password).
/// </summary>
public sealed class LoginModel(
    SignInManager<NashirUser> signIn, UserManager<NashirUser> users, SignInThrottle throttle, AccountLockout lockout, NashirDb db, AuditLog audit) : PageModel
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
            return await RefuseAsync(null, "لا حساب بهذا البريد");
        }
        // The attempt is counted before the password is checked, so parallel guesses cannot outrun the lock. While
        // locked the password is not checked at all (only the same work is done): the answer is the one every
        // refusal gets, so guesses made during the lock learn nothing, not even a right one.
        if (!user.IsDisabled && !await lockout.TryCountAttemptAsync(user, HttpContext.RequestAborted))
        {
            SignInChecks.VerifyDummyPassword(users, Password);
            return await RefuseAsync(user, "الحساب مقفل مؤقتاً");
        }
        // Disabled is said only to someone who proved they hold the password; a wrong one is refused like any other.
        if (user.IsDisabled)
        {
            if (!await users.CheckPasswordAsync(user, Password))
                return await RefuseAsync(user, "كلمة مرور غير صحيحة، والحساب معطّل");
            throttle.Succeeded(attempt);
            await RecordRefusalAsync(user, "الحساب معطّل");
            Error = "هذا الحساب معطّل. تواصل مع مدير الموقع.";
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        // A wrong password, including the one whose count just locked the account.
        if (!await users.CheckPasswordAsync(user, Password))
            return await RefuseAsync(user, "كلمة مرور غير صحيحة");
        await lockout.SucceededAsync(user, HttpContext.RequestAborted);
        var result = await signIn.PasswordSignInAsync(user, Password, RememberMe, lockoutOnFailure: false);
        if (result.Succeeded || result.RequiresTwoFactor)
            throttle.Succeeded(attempt);
        if (result.Succeeded)
        {
            audit.RecordAccount(ChangedBy.Of(user), AuditActions.SignedIn, user, "بكلمة المرور");
            await db.SaveChangesAsync();
            return LocalRedirect(SafeReturnUrl());
        }
        // The password was right; the sign-in is audited when the second step completes it.
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Newsroom/LoginCode", new { returnUrl = SafeReturnUrl(), rememberMe = RememberMe });
        return await RefuseAsync(user, "كلمة مرور غير صحيحة");
    }

    public const string RefusedMessage = "البريد الإلكتروني أو كلمة المرور غير صحيحة. بعد خمس محاولات خاطئة يُقفل الحساب 15 دقيقة.";

    private async Task RecordRefusalAsync(NashirUser? user, string reason)
    {
        audit.RecordSignInRefused(Email!, user, reason);
        await db.SaveChangesAsync();
    }

    private async Task<PageResult> RefuseAsync(NashirUser? user, string reason)
    {
        await RecordRefusalAsync(user, reason);
        // One answer for every failed check (unknown email, wrong password, a locked account, a disabled one with a
        // wrong password), so the form does not reveal which accounts exist or what state they are in. It names the
        // lock, so the owner of a locked account knows why the right password is refused.
        Error = RefusedMessage;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private PageResult Throttled(TimeSpan retryAfter)
    {
        Error = SignInThrottle.Message;
        SignInThrottle.Refuse(Response, retryAfter);
        return Page();
    }

    private string SafeReturnUrl() => SignInReturn.Choose(ReturnUrl, Url);
}
