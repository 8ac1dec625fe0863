using System.Security.Claims;
using Nashir.Data;

namespace Nashir.Audit;

/// <summary>
/// Adds audit entries to the caller's unit of work, so an entry is committed with the change it records
/// (one SaveChanges) or not at all.
/// </summary>
public sealed class AuditLog(NashirDb db, TimeProvider clock)
{
    public void Record(ClaimsPrincipal user, string action, string targetType, string? targetId, string? details = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = user.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = user.Identity?.Name ?? "system",
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Details = details,
        });

    public void RecordSystem(string action, string targetType, string? targetId, string? details = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserName = "system",
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Details = details,
        });
}

/// <summary>Action names, stable strings stored in the log.</summary>
public static class AuditActions
{
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
    public const string CategoryDeleted = "category.deleted";
    public const string TagsMerged = "tag.merged";
    public const string MediaDeleted = "media.deleted";
    public const string SettingsChanged = "settings.changed";

    // Comment moderation: one entry per comment decided, one per ban.
    public const string CommentApproved = "comment.approved";
    public const string CommentRejected = "comment.rejected";
    public const string CommentMarkedSpam = "comment.spam";
    public const string CommenterBanned = "comment.author-banned";
}
