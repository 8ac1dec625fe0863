using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Nashir.Accounts;

namespace Nashir.Tests.Accounts;

/// <summary>A session ends at once everywhere: a copied cookie stops opening the newsroom the moment the account changes.</summary>
public sealed class SessionEndTests
{
    private const string Password = "كلمة-مرور-طويلة-للاختبار";

    [Fact]
    public async Task Signing_out_ends_every_copy_of_the_cookie()
    {
        using var site = new NashirFactory();
        var (client, _, cookie) = await SignInCopyingCookieAsync(site, Roles.Writer);
        Assert.Equal(HttpStatusCode.OK, await ReplayAsync(site, cookie));

        using var logout = await client.SubmitFormAsync("/newsroom", "form[action='/newsroom/logout']");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(site, cookie));
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_sessions()
    {
        using var site = new NashirFactory();
        var (_, user, cookie) = await SignInCopyingCookieAsync(site, Roles.Writer);
        var admin = await site.SignInAsync(Roles.Admin);

        using var disable = await admin.SubmitFormAsync($"/newsroom/users/{user.Id}", "#disable-form");
        Assert.True(disable.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, disable.StatusCode.ToString());

        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(site, cookie));
    }

    [Fact]
    public async Task Changing_an_accounts_roles_ends_its_sessions()
    {
        using var site = new NashirFactory();
        var (_, user, cookie) = await SignInCopyingCookieAsync(site, Roles.Editor);
        var admin = await site.SignInAsync(Roles.Admin);

        using var change = await admin.SubmitFormAsync($"/newsroom/users/{user.Id}", "#roles-form", ("Roles", Roles.Writer));
        Assert.True(change.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, change.StatusCode.ToString());

        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(site, cookie));
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_but_not_this_one()
    {
        using var site = new NashirFactory();
        var (client, _, cookie) = await SignInCopyingCookieAsync(site, Roles.Writer);

        using var change = await client.SubmitFormAsync("/newsroom/account", "#password-form",
            ("CurrentPassword", Password), ("NewPassword", "كلمة-مرور-جديدة-طويلة"), ("ConfirmPassword", "كلمة-مرور-جديدة-طويلة"));
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync(site, cookie));
        site.Clock.Advance(TimeSpan.FromSeconds(1));
        using var own = await client.GetAsync("/newsroom");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    /// <summary>Signs in through the form and keeps a copy of the session cookie, as someone who took it would.</summary>
    private static async Task<(HttpClient Client, NashirUser User, string Cookie)> SignInCopyingCookieAsync(NashirFactory site, string role)
    {
        var (user, password) = await site.CreateUserAsync(role);
        Assert.Equal(Password, password);
        var client = site.CreateReader();
        using var response = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("nashir.auth=", StringComparison.Ordinal));
        return (client, user, cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]);
    }

    /// <summary>The newsroom's answer to the copied cookie alone, a moment later (the test clock stands still otherwise).</summary>
    private static async Task<HttpStatusCode> ReplayAsync(NashirFactory site, string cookie)
    {
        site.Clock.Advance(TimeSpan.FromSeconds(1));
        using var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/newsroom");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Redirect)
            Assert.StartsWith("http://localhost/newsroom/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        return response.StatusCode;
    }
}
