using System.Globalization;
using System.Security.Claims;
using Nashir.Accounts;
using Nashir.Arabic;
using Nashir.Articles;
using Nashir.Data;

namespace Nashir.Audit;

/// <summary>
/// Who made a change: a newsroom account (its sign-in email and display name), the system (the scheduler, an import),
/// an operator at the command line, or nobody known (a failed sign-in). Revisions and audit entries carry it.
/// </summary>
public sealed record ChangedBy(string? UserId, string UserName, string? DisplayName = null)
{
    public static ChangedBy Of(ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name ?? "?", user.FindFirstValue(NashirClaims.DisplayName));

    public static ChangedBy Of(NashirUser user) => new(user.Id, user.UserName ?? user.Email ?? "?", user.DisplayName);

    public static readonly ChangedBy System = new(null, "system", "النظام");

    public static readonly ChangedBy Import = new(null, "استيراد");

    /// <summary>Someone who has not proved who they are: the actor of a refused sign-in.</summary>
    public static readonly ChangedBy Anonymous = new(null, "anonymous", "مجهول");

    /// <summary>An operator running <c>nashir</c> verbs, named by the operating-system account that ran them.</summary>
    public static ChangedBy CommandLine() => new(null, "cli", $"سطر الأوامر ({Environment.UserName})");
}

/// <summary>
/// Adds audit entries to the caller's unit of work, so an entry is committed with the change it records
/// (one SaveChanges) or not at all.
/// </summary>
public sealed class AuditLog(NashirDb db, TimeProvider clock)
{
    /// <summary>How much of a typed sign-in email a refused sign-in keeps.</summary>
    public const int AttemptedEmailMaxLength = 256;

    public void Record(ClaimsPrincipal user, string action, string targetType, string? targetId, string? details = null) =>
        Record(ChangedBy.Of(user), action, targetType, targetId, details);

    public void Record(ChangedBy by, string action, string targetType, string? targetId, string? details = null) =>
        Add(by, action, targetType, targetId, targetName: null, details);

    public void RecordSystem(string action, string targetType, string? targetId, string? details = null) =>
        Record(ChangedBy.System, action, targetType, targetId, details);

    /// <summary>An entry about a newsroom account, which it names by display name and email as they are now.</summary>
    public void RecordAccount(ChangedBy by, string action, NashirUser account, string? details = null) =>
        Add(by, action, "user", account.Id, NameOf(account), details);

    /// <summary>
    /// A refused sign-in: no one is proven, so the actor is <see cref="ChangedBy.Anonymous"/>; the target is the
    /// account when the email has one, else the email as typed (cleaned and cut). The password is never recorded.
    /// </summary>
    public void RecordSignInRefused(string attemptedEmail, NashirUser? account, string reason)
    {
        var typed = ArabicText.CleanUserLine(attemptedEmail);
        if (typed.Length > AttemptedEmailMaxLength)
            typed = typed[..AttemptedEmailMaxLength];
        Add(ChangedBy.Anonymous, AuditActions.SignInRefused, "user", account?.Id, account is null ? typed : NameOf(account), reason);
    }

    /// <summary>How an entry names an account: "display name (email)".</summary>
    public static string NameOf(NashirUser account) => $"{account.DisplayName} ({account.Email})";

    /// <summary>
    /// An entry about an article, which may be new in this unit of work: then the entry is written right after the
    /// article's insert, in the same SaveChanges and transaction, with the id the insert gave it.
    /// </summary>
    public void Record(ChangedBy by, string action, Article article, string? details = null)
    {
        var entry = Entry(by, action, "article", null, null, details);
        if (article.Id != 0)
        {
            entry.TargetId = article.Id.ToString(CultureInfo.InvariantCulture);
            db.AuditLog.Add(entry);
            return;
        }
        db.AfterInsert(article, id =>
        {
            entry.TargetId = id.ToString(CultureInfo.InvariantCulture);
            db.AuditLog.Add(entry);
        });
    }

    private void Add(ChangedBy by, string action, string targetType, string? targetId, string? targetName, string? details) =>
        db.AuditLog.Add(Entry(by, action, targetType, targetId, targetName, details));

    private AuditEntry Entry(ChangedBy by, string action, string targetType, string? targetId, string? targetName, string? details) => new()
    {
        At = clock.GetUtcNow().UtcDateTime,
        UserId = by.UserId,
        UserName = by.UserName,
        UserDisplayName = by.DisplayName,
        Action = action,
        TargetType = targetType,
        TargetId = targetId,
        TargetName = targetName,
        Details = details,
    };
}

/// <summary>Action names, stable strings stored in the log.</summary>
public static class AuditActions
{
    public const string ArticleCreated = "article.created";
    public const string ArticlePublished = "article.published";
    public const string ArticleScheduled = "article.scheduled";
    public const string ArticleUnpublished = "article.unpublished";
    public const string ArticleDeleted = "article.deleted";
    public const string ArticlesImported = "articles.imported";
    public const string ArticleRestored = "article.revision-restored";
    public const string UserCreated = "user.created";
    public const string UserRolesChanged = "user.roles-changed";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string PasswordReset = "user.password-reset";
    public const string PasswordChanged = "user.password-changed";
    public const string TwoFactorEnabled = "user.2fa-enabled";
    public const string TwoFactorDisabled = "user.2fa-disabled";
    public const string SignedIn = "user.signed-in";
    public const string SignInRefused = "user.sign-in-refused";
    public const string SignedOut = "user.signed-out";
    public const string ApiKeyCreated = "apikey.created";
    public const string ApiKeyRevoked = "apikey.revoked";
    public const string CategoryDeleted = "category.deleted";
    public const string TagsMerged = "tag.merged";
    public const string MediaDeleted = "media.deleted";
    public const string MediaEdited = "media.edited";
    public const string SettingsChanged = "settings.changed";

    // Comment moderation: one entry per comment decided, one per ban.
    public const string CommentApproved = "comment.approved";
    public const string CommentRejected = "comment.rejected";
    public const string CommentMarkedSpam = "comment.spam";
    public const string CommenterBanned = "comment.author-banned";
    public const string CommentWordsAdded = "comment.words-added";
    public const string CommentWordRemoved = "comment.word-removed";
}
