using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;

namespace Nashir.Tests.Accounts;

/// <summary>
/// Wrong passwords sent all at once meet the same lock as ones sent one after another: at most the allowed five are
/// checked against an unlocked account, and the account is locked after them.
/// </summary>
public sealed class LockoutRaceTests
{
    [Fact]
    public async Task Thirty_wrong_passwords_at_once_count_five_failures_and_lock_the_account()
    {
        // The per-address throttle would stop them first; this is about the account's own lock.
        using var site = new NashirFactory().With("Nashir:SignIn:FailuresPerAddress", "1000");
        var (user, password) = await site.CreateUserAsync(Roles.Editor);

        // Each attacker has loaded the form (its anti-forgery token) before the thirty posts leave together.
        var attackers = await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            var client = site.CreateReader();
            var form = (await client.GetDocumentAsync("/newsroom/login")).QuerySelector("form")!;
            return (client, form);
        }));
        var answers = await Task.WhenAll(attackers.Select(async (a, i) =>
        {
            using var response = await a.client.SubmitFormAsync(a.form, "/newsroom/login", ("Email", user.Email!), ("Password", $"تخمين-خاطئ-رقم-{i}"));
            return response.StatusCode;
        }));

        Assert.All(answers, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        var account = await site.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));
        Assert.Equal(5, account.AccessFailedCount);
        Assert.True(account.LockoutEnd > DateTimeOffset.UtcNow, "the account is locked");

        // The right password now meets the lock.
        using var right = await site.CreateReader().SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }
}
