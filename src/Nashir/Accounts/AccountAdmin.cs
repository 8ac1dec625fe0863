using Microsoft.AspNetCore.Identity;
using Nashir.Audit;
using Nashir.Data;

namespace Nashir.Accounts;

/// <summary>
/// Account changes an administrator makes, shared by the newsroom's account pages and <c>nashir users</c>: each
/// change and its audit entry (naming both the actor and the account) commit in one transaction or not at all.
/// </summary>
public sealed class AccountAdmin(NashirDb db, UserManager<NashirUser> users, AuditLog audit, TimeProvider clock)
{
    /// <summary>Creates the account with one role and a generated password, which the caller shows once.</summary>
    public async Task<(IdentityResult Result, NashirUser User, string Password)> CreateAsync(
        ChangedBy by, string email, string displayName, string role, CancellationToken ct = default)
    {
        var user = new NashirUser
        {
            UserName = email,
            Email = email,
            DisplayName = displayName,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var password = AccountsSetup.GeneratePassword();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
            result = await users.AddToRoleAsync(user, role);
        if (!result.Succeeded)
            return (result, user, password);
        audit.RecordAccount(by, AuditActions.UserCreated, user, Roles.ArabicName(role));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (result, user, password);
    }

    /// <summary>
    /// Replaces the password with a generated one (which also signs the account out everywhere: the
    /// security stamp changes) and lifts a lockout from failed sign-ins. A disabled account stays disabled.
    /// </summary>
    public async Task<(IdentityResult Result, string Password)> ResetPasswordAsync(ChangedBy by, NashirUser user, CancellationToken ct = default)
    {
        var password = AccountsSetup.GeneratePassword();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (result.Succeeded)
            result = await users.ResetAccessFailedCountAsync(user);
        if (result.Succeeded)
            result = await users.SetLockoutEndDateAsync(user, user.IsDisabled ? DateTimeOffset.MaxValue : null);
        if (!result.Succeeded)
            return (result, password);
        audit.RecordAccount(by, AuditActions.PasswordReset, user);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (result, password);
    }

    /// <summary>Disabling locks the account for good and invalidates its cookies; enabling undoes both.</summary>
    public async Task<IdentityResult> SetDisabledAsync(ChangedBy by, NashirUser user, bool disabled, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        user.IsDisabled = disabled;
        user.LockoutEnabled = true;
        user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
        var result = await users.UpdateAsync(user);
        if (result.Succeeded)
            result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
            return result;
        audit.RecordAccount(by, disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, user);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Identity's errors that concern the email field (it doubles as the user name here), without repeats.</summary>
    public static IEnumerable<string> EmailErrors(IdentityResult result)
    {
        var codes = result.Errors.Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
        return result.Errors
            .Where(e => e.Code.Contains("Email", StringComparison.Ordinal)
                || (e.Code.Contains("UserName", StringComparison.Ordinal)
                    // The user name is the email: "email taken" already says "user name taken".
                    && !codes.Contains(e.Code.Replace("UserName", "Email", StringComparison.Ordinal))))
            .Select(e => e.Description);
    }

    /// <summary>Roles as the newsroom names them: "محرر، كاتب"; "بلا دور" for none.</summary>
    public static string DescribeRoles(IEnumerable<string> roles)
    {
        var names = Roles.All.Where(r => roles.Contains(r, StringComparer.Ordinal)).Select(Roles.ArabicName).ToList();
        return names.Count == 0 ? "بلا دور" : string.Join("، ", names);
    }
}
