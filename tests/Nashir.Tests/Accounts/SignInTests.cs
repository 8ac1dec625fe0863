using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Accounts;

namespace Nashir.Tests.Accounts;

public sealed class SignInTests
{
    [Fact]
    public async Task Newsroom_asks_anonymous_visitors_to_sign_in()
    {
        using var site = new NashirFactory();

        using var response = await site.CreateReader().GetAsync("/newsroom");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/newsroom/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Writer)]
    [InlineData(Roles.Moderator)]
    public async Task Every_role_reaches_the_dashboard(string role)
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(role);

        var page = await client.GetDocumentAsync("/newsroom");

        Assert.Equal("لوحة التحكم", page.QuerySelector("h1")!.Text());
    }

    [Fact]
    public async Task Account_without_a_role_is_forbidden()
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(role: null);

        using var response = await client.GetAsync("/newsroom");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("غير مسموح", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_is_refused_and_five_failures_lock_the_account()
    {
        using var site = new NashirFactory();
        var (user, password) = await site.CreateUserAsync(Roles.Editor);
        var client = site.CreateReader();

        for (var i = 0; i < 4; i++)
        {
            using var wrong = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", "خطأ-خطأ-خطأ-خطأ"));
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("البريد الإلكتروني أو كلمة المرور غير صحيحة. بعد خمس محاولات خاطئة يُقفل الحساب 15 دقيقة.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // The failure that locks the account answers like any other: only the password holder learns of the lock.
        using var fifth = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", "خطأ-خطأ-خطأ-خطأ"));
        Assert.Equal(HttpStatusCode.BadRequest, fifth.StatusCode);

        // Locked: even the right password is refused until the lockout ends, with the answer a wrong one gets, so a
        // guess made during the lock cannot tell it was right.
        using var right = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password));
        using var wrongWhileLocked = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", "خطأ-آخر-خطأ-آخر"));
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        var refusal = Html.Parse(await right.Content.ReadAsStringAsync()).QuerySelector(".form-errors")!.Text();
        Assert.Equal(refusal, Html.Parse(await wrongWhileLocked.Content.ReadAsStringAsync()).QuerySelector(".form-errors")!.Text());
        Assert.Contains("يُقفل الحساب", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_account_cannot_sign_in()
    {
        using var site = new NashirFactory();
        var (user, password) = await site.CreateUserAsync(Roles.Writer);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NashirUser>>();
            await scope.ServiceProvider.GetRequiredService<AccountAdmin>().SetDisabledAsync(Nashir.Audit.ChangedBy.System, (await users.FindByIdAsync(user.Id))!, disabled: true);
        }

        using var response = await site.CreateReader().SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("هذا الحساب معطّل", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_without_antiforgery_token_is_refused()
    {
        using var site = new NashirFactory();
        var (user, password) = await site.CreateUserAsync(Roles.Editor);

        using var response = await site.CreateReader().PostAsync("/newsroom/login",
            new FormUrlEncodedContent([new("Email", user.Email!), new("Password", password)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task First_run_setup_needs_the_printed_token_and_then_disappears()
    {
        using var site = new NashirFactory();
        var client = site.CreateReader();

        using var wrong = await client.SubmitFormAsync("/newsroom/setup", "form",
            ("Token", "not-the-token"), ("DisplayName", "المدير"), ("Email", "admin@nashir.test"), ("Password", "كلمة-مرور-طويلة-جداً"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("رمز الإعداد غير صحيح", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The token is only in the server log; a test reaches it by issuing a fresh one it knows.
        await site.WithDbAsync(async db =>
        {
            var row = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.SiteSettings);
            row.SetupTokenHash = AccountsSetup.HashToken("known-token");
            await db.SaveChangesAsync();
        });
        using var right = await client.SubmitFormAsync("/newsroom/setup", "form",
            ("Token", "known-token"), ("DisplayName", "المدير"), ("Email", "admin@nashir.test"), ("Password", "كلمة-مرور-طويلة-جداً"));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("لوحة التحكم", (await client.GetDocumentAsync("/newsroom")).QuerySelector("h1")!.Text());

        using var again = await site.CreateReader().GetAsync("/newsroom/setup");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }
}
