using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nashir.Data;

namespace Nashir.Accounts;

/// <summary>
/// The lock on repeated wrong passwords, counted before the password is checked. Identity counts a failure after the
/// check, so thirty guesses sent at once were all checked against an unlocked account. Here each attempt first takes
/// one of the allowed failures in a single conditional UPDATE on the account's concurrency stamp (compare-and-swap:
/// it holds between requests, processes and nodes, on SQLite and PostgreSQL alike), and the one that takes the last
/// sets the lock in the same write; an attempt with the right password gives its failure back. So at most
/// <c>MaxFailedAccessAttempts</c> passwords are ever checked against an unlocked account, however they are sent.
/// </summary>
public sealed class AccountLockout(NashirDb db, UserManager<NashirUser> users)
{
    // Only a storm of parallel attempts on one account loses this many races in a row; it is then treated as locked.
    private const int MaxTries = 50;

    /// <summary>
    /// Counts an attempt on <paramref name="user"/> as a failure, setting the lock if it is the last one allowed.
    /// False when the account is locked: the password must not be treated as checked.
    /// </summary>
    public async Task<bool> TryCountAttemptAsync(NashirUser user, CancellationToken ct)
    {
        var lockout = users.Options.Lockout;
        for (var i = 0; i < MaxTries; i++)
        {
            var current = await db.Users.AsNoTracking().Where(u => u.Id == user.Id)
                .Select(u => new { u.LockoutEnabled, u.LockoutEnd, u.AccessFailedCount, u.ConcurrencyStamp })
                .SingleAsync(ct);
            if (!current.LockoutEnabled)
                return true;
            // Identity reads the system clock for its lock (it takes no TimeProvider), so this does too: one lock, one clock.
            var now = DateTimeOffset.UtcNow;
            if (current.LockoutEnd > now)
                return false;
            // A lock that has run out starts a new count.
            var failures = (current.LockoutEnd is null ? current.AccessFailedCount : 0) + 1;
            DateTimeOffset? lockUntil = failures >= lockout.MaxFailedAccessAttempts ? now + lockout.DefaultLockoutTimeSpan : null;
            var taken = await db.Users.Where(u => u.Id == user.Id && u.ConcurrencyStamp == current.ConcurrencyStamp)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(u => u.AccessFailedCount, failures)
                    .SetProperty(u => u.LockoutEnd, lockUntil)
                    .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), ct);
            if (taken == 1)
            {
                // The tracked account must carry the new stamp, or Identity's next save of it would be refused.
                await db.Entry(user).ReloadAsync(ct);
                return true;
            }
        }
        return false;
    }

    /// <summary>The right password: the count (and a lock its own attempt set) is cleared, as Identity does on success.</summary>
    public async Task SucceededAsync(NashirUser user, CancellationToken ct)
    {
        await db.Users.Where(u => u.Id == user.Id && !u.IsDisabled)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.AccessFailedCount, 0)
                .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null)
                .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), ct);
        await db.Entry(user).ReloadAsync(ct);
    }
}
