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

/// <summary>Where a sign-in sends the person next: the address they came from, when it is safe to send them there.</summary>
public static class SignInReturn
{
    public const string Default = "/newsroom";

    /// <summary>
    /// A newsroom path on this site, or <see cref="Default"/>. The addresses the site itself builds are ASCII
    /// (the sign-in challenge escapes them); anything else, a full-width "／" or other letters a browser may
    /// fold into a slash, is refused rather than written raw into the Location header, which Kestrel rejects.
    /// </summary>
    public static string Choose(string? requested, Microsoft.AspNetCore.Mvc.IUrlHelper url) =>
        url.IsLocalUrl(requested)
        && requested.StartsWith(Default, StringComparison.Ordinal)
        && requested.All(c => c is > ' ' and < '\x7f')
            ? requested
            : Default;
}
