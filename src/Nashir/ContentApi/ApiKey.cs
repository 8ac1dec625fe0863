using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nashir.Audit;
using Nashir.Data;

namespace Nashir.ContentApi;

/// <summary>
/// A key a partner (an app, an aggregator, a sister site) reads the content API with. Only the SHA-256 of the
/// secret is stored: the secret is shown once, when the key is made, and a copy of the database gives no access.
/// </summary>
public sealed class ApiKey
{
    public const int NameMaxLength = 100;

    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole secret (UTF-8).</summary>
    public required string Hash { get; set; }

    /// <summary>The secret's first characters, so an operator can tell which key a partner holds.</summary>
    public required string Prefix { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Who made it: an account's name, or <c>cli</c>.</summary>
    public string? CreatedBy { get; set; }

    /// <summary>Updated at most once a minute per key and node (see <see cref="ApiKeyUsage"/>).</summary>
    public DateTime? LastUsedAt { get; set; }

    /// <summary>Set when revoked; the row stays so the list keeps the key's history.</summary>
    public DateTime? RevokedAt { get; set; }

    public bool IsRevoked => RevokedAt is not null;

    internal static void Configure(ModelBuilder b) => b.Entity<ApiKey>(e =>
    {
        e.HasIndex(k => k.Hash).IsUnique();
        e.Property(k => k.Name).HasMaxLength(NameMaxLength);
        e.Property(k => k.Hash).HasMaxLength(64);
        e.Property(k => k.Prefix).HasMaxLength(16);
        e.Property(k => k.CreatedBy).HasMaxLength(256);
        e.Ignore(k => k.IsRevoked);
    });
}

/// <summary>
/// Making, listing, revoking and checking keys: shared by the newsroom page, the CLI and the API itself. Making and
/// revoking are audited, each with its change in one transaction.
/// </summary>
public sealed class ApiKeys(NashirDb db, ApiKeyUsage usage, AuditLog audit, TimeProvider clock)
{
    /// <summary>Every secret starts with this, so a leaked one is recognisable in a log or a repository scan.</summary>
    public const string SecretPrefix = "nsk_";

    /// <summary>Makes a key; the returned secret exists nowhere else, so the caller shows it once.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, ChangedBy by, CancellationToken ct = default)
    {
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Name = name,
            Hash = HashOf(secret),
            Prefix = secret[..12],
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = by.UserName,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(key);
        await db.SaveChangesAsync(ct);
        audit.Record(by, AuditActions.ApiKeyCreated, "apikey", key.Id.ToString(CultureInfo.InvariantCulture), key.Name);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (key, secret);
    }

    public Task<List<ApiKey>> ListAsync(CancellationToken ct = default) =>
        db.ApiKeys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToListAsync(ct);

    /// <summary>Revokes key <paramref name="id"/>; null when there is no such key, false when it was revoked already.</summary>
    public async Task<bool?> RevokeAsync(int id, ChangedBy by, CancellationToken ct = default)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
            return null;
        if (key.IsRevoked)
            return false;
        key.RevokedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(by, AuditActions.ApiKeyRevoked, "apikey", key.Id.ToString(CultureInfo.InvariantCulture), key.Name);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The live key whose secret this is, or null. Records the use now and then, never on every request.</summary>
    public async Task<ApiKey?> FindAsync(string? secret, CancellationToken ct = default)
    {
        // Anything not shaped like our secrets is refused before it costs a query.
        if (string.IsNullOrEmpty(secret) || secret.Length > 100 || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
            return null;
        var hash = HashOf(secret);
        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, ct);
        if (key is null)
            return null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (usage.ShouldRecord(key.Id, now))
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now), ct);
        return key;
    }

    /// <summary>
    /// A plain hash is enough (no salt, no slow KDF): the secret is 256 random bits, not a password a person chose,
    /// so there is nothing to guess; and a fast hash lets every request find its key by an index lookup.
    /// </summary>
    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// When each key's "last used" was last written by this process. Writing it on every request would turn every
/// read into a write (SQLite has one writer) for a value an operator reads to the minute at best.
/// </summary>
public sealed class ApiKeyUsage
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<int, DateTime> _written = new();

    public bool ShouldRecord(int keyId, DateTime now)
    {
        while (true)
        {
            if (!_written.TryGetValue(keyId, out var last))
            {
                if (_written.TryAdd(keyId, now))
                    return true;
                continue;
            }
            if (now - last < Interval)
                return false;
            // Only the request that moves the time forward writes; concurrent ones see the new time and skip.
            if (_written.TryUpdate(keyId, now, last))
                return true;
        }
    }
}
