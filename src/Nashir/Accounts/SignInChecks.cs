using Microsoft.AspNetCore.Identity;

namespace Nashir.Accounts;

/// <summary>Keeps a failed sign-in's cost the same whether or not the email has an account.</summary>
public static class SignInChecks
{
    private static readonly NashirUser Nobody = new() { DisplayName = "" };

    // Made once with Identity's default hasher settings, which are the ones every account's hash is made with,
    // so verifying it costs what verifying a real account's password costs. No password matches it.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<NashirUser>().HashPassword(Nobody, Guid.NewGuid().ToString("N")));

    /// <summary>Runs the account's password hasher once on a hash no password matches, as checking a real account would.</summary>
    public static void VerifyDummyPassword(UserManager<NashirUser> users, string password) =>
        users.PasswordHasher.VerifyHashedPassword(Nobody, DummyHash.Value, password);
}
