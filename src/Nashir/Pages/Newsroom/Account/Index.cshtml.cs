using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;
using Nashir.Audit;
using Nashir.Data;

namespace Nashir.Pages.Newsroom.Account;

/// <summary>The signed-in person's own account: their password and their second sign-in step.</summary>
public sealed class IndexModel(NashirDb db, UserManager<NashirUser> users, SignInManager<NashirUser> signIn, AuditLog audit) : PageModel
{
    // Passwords are never written back into the form: a refused form comes back with those fields empty.
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }
    [BindProperty] public string? DisablePassword { get; set; }

    public NashirUser Me { get; private set; } = null!;
    public int RecoveryCodesLeft { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : Challenge();

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        if (!await LoadAsync())
            return Challenge();
        if (string.IsNullOrEmpty(CurrentPassword))
            ModelState.AddModelError(nameof(CurrentPassword), "يرجى كتابة كلمة المرور الحالية.");
        if (string.IsNullOrEmpty(NewPassword))
            ModelState.AddModelError(nameof(NewPassword), "يرجى كتابة كلمة المرور الجديدة.");
        else if (string.Equals(NewPassword, CurrentPassword, StringComparison.Ordinal))
            ModelState.AddModelError(nameof(NewPassword), "اختر كلمة مرور تختلف عن الحالية.");
        if (!string.Equals(NewPassword, ConfirmPassword, StringComparison.Ordinal))
            ModelState.AddModelError(nameof(ConfirmPassword), "لا تطابق كلمة المرور الجديدة في الحقلين. اكتبها مرتين كما هي.");
        if (!ModelState.IsValid)
            return Invalid();

        if (await users.IsLockedOutAsync(Me))
            return LockedOut();
        if (!await users.CheckPasswordAsync(Me, CurrentPassword!))
        {
            ModelState.AddModelError(nameof(CurrentPassword), users.ErrorDescriber.PasswordMismatch().Description);
            return await WrongPasswordAsync();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await users.ChangePasswordAsync(Me, CurrentPassword!, NewPassword!);
        if (result.Succeeded)
            result = await users.ResetAccessFailedCountAsync(Me);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
                ModelState.AddModelError(nameof(NewPassword), error.Description);
            return Invalid();
        }
        audit.RecordAccount(ChangedBy.Of(User), AuditActions.PasswordChanged, Me);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // The new security stamp would sign this browser out at its next check; re-issue its cookie instead.
        await signIn.RefreshSignInAsync(Me);
        TempData["Notice"] = "غُيّرت كلمة المرور. خرجت أجهزتك الأخرى من غرفة الأخبار.";
        return Redirect("/newsroom/account");
    }

    public async Task<IActionResult> OnPostDisableTwoFactorAsync(CancellationToken ct)
    {
        if (!await LoadAsync())
            return Challenge();
        if (!Me.TwoFactorEnabled)
            return Redirect("/newsroom/account");
        if (string.IsNullOrEmpty(DisablePassword))
        {
            ModelState.AddModelError(nameof(DisablePassword), "يرجى كتابة كلمة المرور لتأكيد إيقاف التحقق بخطوتين.");
            return Invalid();
        }
        if (await users.IsLockedOutAsync(Me))
            return LockedOut();
        if (!await users.CheckPasswordAsync(Me, DisablePassword))
        {
            ModelState.AddModelError(nameof(DisablePassword), "كلمة المرور غير صحيحة.");
            return await WrongPasswordAsync();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await users.SetTwoFactorEnabledAsync(Me, false);
        // A new key and no recovery codes: what the old phone or the old printout holds opens nothing any more.
        if (result.Succeeded)
            result = await users.ResetAuthenticatorKeyAsync(Me);
        if (result.Succeeded)
            await users.GenerateNewTwoFactorRecoveryCodesAsync(Me, 0);
        if (!result.Succeeded)
        {
            Error = string.Join(" ", result.Errors.Select(e => e.Description));
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        audit.RecordAccount(ChangedBy.Of(User), AuditActions.TwoFactorDisabled, Me);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await signIn.RefreshSignInAsync(Me);
        TempData["Notice"] = "أُوقف التحقق بخطوتين. يكفي الآن البريد وكلمة المرور للدخول.";
        return Redirect("/newsroom/account");
    }

    /// <summary>A wrong current password counts as a failed sign-in, so a borrowed session cannot guess it at leisure.</summary>
    private async Task<IActionResult> WrongPasswordAsync()
    {
        await users.AccessFailedAsync(Me);
        return await users.IsLockedOutAsync(Me) ? LockedOut() : Invalid();
    }

    private PageResult LockedOut()
    {
        Error = string.Create(CultureInfo.InvariantCulture,
            $"أُقفل التحقق من كلمة المرور مؤقتاً بعد محاولات فاشلة متكررة. حاول بعد {users.Options.Lockout.DefaultLockoutTimeSpan.TotalMinutes} دقيقة.");
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        if (await users.GetUserAsync(User) is not { } me)
            return false;
        Me = me;
        RecoveryCodesLeft = me.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(me) : 0;
        return true;
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
