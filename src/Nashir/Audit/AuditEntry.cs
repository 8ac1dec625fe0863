namespace Nashir.Audit;

/// <summary>One thing someone did that the newsroom may need to account for later (publish, delete, role change…).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }

    /// <summary>Kept as text so the entry still reads right after the account is renamed or removed.</summary>
    public required string UserName { get; set; }

    /// <summary>The actor's display name at the time (<see cref="UserName"/> is the sign-in email); null for the system.</summary>
    public string? UserDisplayName { get; set; }

    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public string? TargetId { get; set; }

    /// <summary>The account acted on, as "name (email)" at the time, so the entry reads right without a lookup.</summary>
    public string? TargetName { get; set; }
    public string? Details { get; set; }
}
