using Microsoft.AspNetCore.Identity;

namespace Nashir.Accounts;

/// <summary>
/// Account changes an administrator makes that hand out a password: the newsroom's account pages and
/// <c>nashir users add|reset-password</c> share them.
/// </summary>
public static class AccountAdmin
{
    /// <summary>Creates the account with one role and a generated password, which the caller shows once.</summary>
    public static async Task<(IdentityResult Result, NashirUser User, string Password)> CreateAsync(
        UserManager<NashirUser> users, string email, string displayName, string role, DateTime nowUtc)
    {
        var user = new NashirUser
        {
            UserName = email,
            Email = email,
            DisplayName = displayName,
            CreatedAt = nowUtc,
        };
        var password = AccountsSetup.GeneratePassword();
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
            result = await users.AddToRoleAsync(user, role);
        return (result, user, password);
    }

    /// <summary>
    /// Replaces the password with a generated one (which also signs the account out everywhere: the
    /// security stamp changes) and lifts a lockout from failed sign-ins. A disabled account stays disabled.
    /// </summary>
    public static async Task<(IdentityResult Result, string Password)> ResetPasswordAsync(UserManager<NashirUser> users, NashirUser user)
    {
        var password = AccountsSetup.GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (result.Succeeded)
            result = await users.ResetAccessFailedCountAsync(user);
        if (result.Succeeded)
            result = await users.SetLockoutEndDateAsync(user, user.IsDisabled ? DateTimeOffset.MaxValue : null);
        return (result, password);
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
