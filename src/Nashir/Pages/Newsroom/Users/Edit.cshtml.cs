using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;
using Nashir.Audit;
using Nashir.Data;

namespace Nashir.Pages.Newsroom.Users;

/// <summary>One account: its roles, disabling and enabling it, a new password. Every change leaves an audit entry.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class EditModel(
    NashirDb db, UserManager<NashirUser> users, SignInManager<NashirUser> signIn, AccountAdmin accounts, AuditLog audit, TimeProvider clock) : PageModel
{
    public NashirUser Account { get; private set; } = null!;
    public IReadOnlyList<string> CurrentRoles { get; private set; } = [];
    public bool IsSelf { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }

    /// <summary>The roles ticked in the form; kept as typed when the form is refused.</summary>
    [BindProperty(Name = "Roles")] public List<string> ChosenRoles { get; set; } = [];

    public string? NewPassword { get; private set; }
    public string? RolesError { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (!await LoadAsync(id))
            return NotFound();
        ChosenRoles = [.. CurrentRoles];
        return Page();
    }

    public async Task<IActionResult> OnPostRolesAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id))
            return NotFound();
        var chosen = ChosenRoles.Select(Roles.Parse).ToList();
        if (chosen.Any(r => r is null))
        {
            RolesError = "أحد الأدوار المختارة غير معروف.";
            return Invalid();
        }
        var wanted = chosen.Select(r => r!).Distinct(StringComparer.Ordinal).ToList();
        if (IsSelf && !wanted.Contains(Roles.Admin, StringComparer.Ordinal))
        {
            RolesError = "لا يمكنك إزالة دور المدير من حسابك. يستطيع مدير آخر فعل ذلك.";
            return Invalid();
        }
        var remove = CurrentRoles.Except(wanted, StringComparer.Ordinal).ToList();
        var add = wanted.Except(CurrentRoles, StringComparer.Ordinal).ToList();
        if (remove.Count == 0 && add.Count == 0)
            return Done("لم تتغير الأدوار.");

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = remove.Count > 0 ? await users.RemoveFromRolesAsync(Account, remove) : IdentityResult.Success;
        if (result.Succeeded && add.Count > 0)
            result = await users.AddToRolesAsync(Account, add);
        // The account's open sessions end at once, so no cookie keeps a role it no longer has.
        if (result.Succeeded)
            result = await users.UpdateSecurityStampAsync(Account);
        if (!result.Succeeded)
            return Failed(result);
        audit.RecordAccount(ChangedBy.Of(User), AuditActions.UserRolesChanged, Account,
            $"من «{AccountAdmin.DescribeRoles(CurrentRoles)}» إلى «{AccountAdmin.DescribeRoles(wanted)}»");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // The new stamp would sign the admin out of this browser too; re-issue its cookie with the new roles instead.
        if (IsSelf)
            await signIn.RefreshSignInAsync(Account);
        return Done("حُفظت الأدوار.");
    }

    public async Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id))
            return NotFound();
        ChosenRoles = [.. CurrentRoles];
        if (IsSelf)
        {
            Error = "لا يمكنك تعطيل حسابك بنفسك. يستطيع مدير آخر فعل ذلك.";
            return Invalid();
        }
        if (Account.IsDisabled)
            return Done("الحساب معطّل بالفعل.");
        return await SetDisabledAsync(disabled: true, ct);
    }

    public async Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id))
            return NotFound();
        if (!Account.IsDisabled)
            return Done("الحساب مفعّل بالفعل.");
        return await SetDisabledAsync(disabled: false, ct);
    }

    public async Task<IActionResult> OnPostResetPasswordAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id))
            return NotFound();
        ChosenRoles = [.. CurrentRoles];
        var (result, password) = await accounts.ResetPasswordAsync(ChangedBy.Of(User), Account, ct);
        if (!result.Succeeded)
            return Failed(result);
        if (IsSelf)
            await signIn.RefreshSignInAsync(Account);

        NewPassword = password;
        LockedUntil = null;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    private async Task<IActionResult> SetDisabledAsync(bool disabled, CancellationToken ct)
    {
        var result = await accounts.SetDisabledAsync(ChangedBy.Of(User), Account, disabled, ct);
        if (!result.Succeeded)
            return Failed(result);
        return Done(disabled
            ? "عُطّل الحساب. يخرج صاحبه من غرفة الأخبار خلال دقيقة."
            : "فُعّل الحساب. يستطيع صاحبه الدخول من جديد.");
    }

    private async Task<bool> LoadAsync(string id)
    {
        if (await users.FindByIdAsync(id) is not { } account)
            return false;
        Account = account;
        CurrentRoles = [.. await users.GetRolesAsync(account)];
        IsSelf = string.Equals(account.Id, User.FindFirstValue(ClaimTypes.NameIdentifier), StringComparison.Ordinal);
        LockedUntil = !account.IsDisabled && account.LockoutEnd > clock.GetUtcNow() ? account.LockoutEnd : null;
        return true;
    }

    private RedirectResult Done(string notice)
    {
        TempData["Notice"] = notice;
        return Redirect("/newsroom/users/" + Uri.EscapeDataString(Account.Id));
    }

    private PageResult Failed(IdentityResult result)
    {
        Error = string.Join(" ", result.Errors.Select(e => e.Description));
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
