using Microsoft.AspNetCore.Identity;

namespace Nashir.Accounts;

/// <summary>A newsroom account. Readers have none.</summary>
public sealed class NashirUser : IdentityUser
{
    public required string DisplayName { get; set; }

    /// <summary>A disabled account cannot sign in; its articles and history stay.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The public author profile this account writes as, if any.</summary>
    public int? AuthorId { get; set; }
}

/// <summary>Claims Nashir adds to a signed-in account's cookie, besides Identity's own.</summary>
public static class NashirClaims
{
    /// <summary>The account's display name, so audit entries name the person without a lookup.</summary>
    public const string DisplayName = "nashir:display-name";
}

/// <summary>The four newsroom roles and what each may do.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Editor = "Editor";
    public const string Writer = "Writer";
    public const string Moderator = "Moderator";

    public static readonly string[] All = [Admin, Editor, Writer, Moderator];

    public static string ArabicName(string role) => role switch
    {
        Admin => "مدير",
        Editor => "محرر",
        Writer => "كاتب",
        Moderator => "مشرف تعليقات",
        _ => role,
    };

    /// <summary>Accepts "admin", "Admin", "ADMIN"; null when the name is no role.</summary>
    public static string? Parse(string? name) =>
        All.FirstOrDefault(r => string.Equals(r, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>Authorization policy names. Pages state the policy, never a list of roles.</summary>
public static class Policies
{
    /// <summary>Any newsroom role: the dashboard.</summary>
    public const string Newsroom = "Newsroom";

    /// <summary>Create and edit own drafts, submit for review: Writers, Editors, Admins.</summary>
    public const string Write = "Write";

    /// <summary>Publish, schedule, unpublish, edit anyone's article: Editors and Admins.</summary>
    public const string Publish = "Publish";

    /// <summary>The comment queue: Moderators, Editors, Admins.</summary>
    public const string Moderate = "Moderate";

    /// <summary>Accounts, roles, site settings, audit log: Admins.</summary>
    public const string Admin = "Admin";
}
