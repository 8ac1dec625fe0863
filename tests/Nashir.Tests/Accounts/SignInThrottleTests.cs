using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Accounts;
using Nashir.Tests.Newsroom;

namespace Nashir.Tests.Accounts;

/// <summary>
/// One address may be refused only so often: past that it is refused before any account is looked up, so it cannot
/// lock the newsroom's accounts one after another, and other addresses sign in as usual.
/// </summary>
public sealed class SignInThrottleTests
{
    private const string WrongPassword = "خطأ-خطأ-خطأ-خطأ";
    private const string Throttled = "محاولات دخول فاشلة كثيرة من هذا العنوان. انتظر قليلاً ثم حاول مجدداً.";

    private static HttpClient From(NashirFactory site, string address)
    {
        var client = site.CreateReader();
        client.DefaultRequestHeaders.Add(NashirFactory.PeerHeader, address);
        return client;
    }

    private static async Task<(HttpStatusCode Status, string? Message)> SignInAsync(HttpClient client, string email, string password)
    {
        using var response = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", email), ("Password", password));
        var message = Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".form-errors")?.Text();
        return (response.StatusCode, message);
    }

    private static async Task<int> FailedCountAsync(NashirFactory site, NashirUser user)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NashirUser>>();
        return await users.GetAccessFailedCountAsync((await users.FindByIdAsync(user.Id))!);
    }

    [Fact]
    public async Task An_address_past_its_refusals_is_turned_away_without_touching_accounts_and_others_still_sign_in()
    {
        using var site = new NashirFactory().WithPeerAddresses();
        var first = await site.CreateUserAsync(Roles.Editor);
        var second = await site.CreateUserAsync(Roles.Editor);
        var (spared, password) = await site.CreateUserAsync(Roles.Admin);
        var attacker = From(site, "203.0.113.7");

        // Ten refusals: enough to lock two accounts, five wrong passwords each.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(attacker, first.User.Email!, WrongPassword)).Status);
            Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(attacker, second.User.Email!, WrongPassword)).Status);
        }

        // From then on the address gets one answer whatever it sends: for an unknown email, a wrong password, the right one.
        var answers = new[]
        {
            await SignInAsync(attacker, spared.Email!, WrongPassword),
            await SignInAsync(attacker, "nobody-here@nashir.test", WrongPassword),
            await SignInAsync(attacker, spared.Email!, password),
        };
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.TooManyRequests, Throttled), a));
        Assert.Equal(0, await FailedCountAsync(site, spared));

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(From(site, "198.51.100.2"), spared.Email!, password)).Status);
    }

    [Fact]
    public async Task Successful_sign_ins_do_not_use_up_the_allowance_and_it_comes_back_after_the_window()
    {
        using var site = new NashirFactory().WithPeerAddresses().With("Nashir:SignIn:FailuresPerAddress", "2");
        var (user, password) = await site.CreateUserAsync(Roles.Writer);
        var office = From(site, "198.51.100.20");

        // A newsroom behind one office address signs in all morning.
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(From(site, "198.51.100.20"), user.Email!, password)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(office, user.Email!, WrongPassword)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(office, user.Email!, WrongPassword)).Status);
        using (var refused = await office.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("900", refused.Headers.RetryAfter!.ToString());
        }

        site.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(office, user.Email!, password)).Status);
    }

    [Fact]
    public async Task Addresses_in_one_ipv6_64_block_share_an_allowance()
    {
        using var site = new NashirFactory().WithPeerAddresses().With("Nashir:SignIn:FailuresPerAddress", "1");
        var (user, password) = await site.CreateUserAsync(Roles.Writer);

        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(From(site, "2001:db8:1:2::1"), user.Email!, WrongPassword)).Status);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(From(site, "2001:db8:1:2:ffff::9"), user.Email!, password)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(From(site, "2001:db8:1:3::1"), user.Email!, password)).Status);
    }

    [Fact]
    public async Task Wrong_authenticator_codes_count_against_the_address_and_the_right_one_then_waits()
    {
        using var site = new NashirFactory().WithPeerAddresses().With("Nashir:SignIn:FailuresPerAddress", "3");
        var (user, password) = await site.CreateUserAsync(Roles.Editor);
        string key;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NashirUser>>();
            var account = (await users.FindByIdAsync(user.Id))!;
            await users.ResetAuthenticatorKeyAsync(account);
            await users.SetTwoFactorEnabledAsync(account, true);
            key = (await users.GetAuthenticatorKeyAsync(account))!;
        }
        var attacker = From(site, "203.0.113.9");
        using var first = await attacker.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password));
        var codePage = first.Headers.Location!.OriginalString;
        Assert.StartsWith("/newsroom/login/code", codePage, StringComparison.Ordinal);

        for (var i = 0; i < 3; i++)
        {
            using var wrong = await attacker.SubmitFormAsync(codePage, "form", ("Code", "000000"));
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }
        using var right = await attacker.SubmitFormAsync(codePage, "form", ("Code", NewsroomSteps.TotpNow(key)));

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.True(right.Headers.RetryAfter is not null);
        Assert.Equal(Throttled, (await right.ReadAsync()).QuerySelector(".form-errors")?.Text());
        Assert.Equal(3, await FailedCountAsync(site, user));
    }
}
