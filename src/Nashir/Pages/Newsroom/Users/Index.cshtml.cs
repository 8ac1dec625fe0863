using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Data;

namespace Nashir.Pages.Newsroom.Users;

/// <summary>Every newsroom account at a glance: who may do what, and who cannot get in.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(NashirDb db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Row> Accounts { get; private set; } = [];

    public sealed record Row(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool IsDisabled, bool TwoFactor, DateTimeOffset? LockedUntil);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var roles = (await (from link in db.UserRoles
                            join role in db.Roles on link.RoleId equals role.Id
                            select new { link.UserId, role.Name }).ToListAsync(ct))
            .ToLookup(r => r.UserId, r => r.Name!, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var users = await db.Users.AsNoTracking()
            .OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.IsDisabled, u.TwoFactorEnabled, u.LockoutEnd })
            .ToListAsync(ct);
        Accounts = [.. users.Select(u => new Row(
            u.Id,
            u.Email ?? "",
            u.DisplayName,
            [.. roles[u.Id]],
            u.IsDisabled,
            u.TwoFactorEnabled,
            !u.IsDisabled && u.LockoutEnd > now ? u.LockoutEnd : null))];
    }
}
