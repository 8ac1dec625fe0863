using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;

namespace Nashir.Tests.Newsroom;

public sealed class AccountTests
{
    private const string NewPassword = "عبارة-مرور-جديدة-وطويلة";

    [Fact]
    public async Task Password_change_with_a_wrong_current_password_is_refused_in_arabic()
    {
        using var site = new NashirFactory();
        var (user, password) = await site.CreateUserAsync(Roles.Writer);
        var client = await site.SignInAsync(user.Email!, password);

        using var response = await client.SubmitFormAsync("/newsroom/account", "#password-form",
            ("CurrentPassword", "ليست-كلمة-المرور"), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadAsync();
        Assert.Equal("كلمة المرور الحالية غير صحيحة.", page.QuerySelector("#current-password-error")!.Text());
        // Passwords are not written back into the page.
        Assert.DoesNotContain(NewPassword, page.Source.Text, StringComparison.Ordinal);
        await site.SignInAsync(user.Email!, password);
    }

    [Fact]
    public async Task Password_change_needs_the_new_password_twice_alike()
    {
        using var site = new NashirFactory();
        var (user, password) = await site.CreateUserAsync(Roles.Writer);
        var client = await site.SignInAsync(user.Email!, password);

        using var response = await client.SubmitFormAsync("/newsroom/account", "#password-form",
            ("CurrentPassword", password), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword + "x"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("لا تطابق كلمة المرور الجديدة في الحقلين. اكتبها مرتين كما هي.",
            (await response.ReadAsync()).QuerySelector("#confirm-password-error")!.Text());
    }

    [Fact]
    public async Task Password_change_with_the_right_current_password_lets_the_new_one_sign_in()
    {
        using var site = new NashirFactory();
        var (user, password) = await site.CreateUserAsync(Roles.Writer);
        var client = await site.SignInAsync(user.Email!, password);

        using var response = await client.SubmitFormAsync("/newsroom/account", "#password-form",
            ("CurrentPassword", password), ("NewPassword", NewPassword), ("ConfirmPassword", NewPassword));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await site.SignInAsync(user.Email!, NewPassword);
        using var old = await site.CreateReader().SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password));
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        // The browser that changed it stays signed in past the next cookie check.
        site.Clock.Advance(TimeSpan.FromMinutes(2));
        using var still = await client.GetAsync("/newsroom/account");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task Two_factor_is_turned_on_with_the_shown_key_and_then_asked_for_at_sign_in()
    {
        using var site = new NashirFactory();
        var (user, password) = await site.CreateUserAsync(Roles.Editor);
        var client = await site.SignInAsync(user.Email!, password);

        var setup = await client.GetDocumentAsync("/newsroom/account/two-factor");
        Assert.NotNull(setup.QuerySelector(".qr-code svg"));
        var key = setup.QuerySelector("#authenticator-key")!.Text();
        Assert.Matches("^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$", key);
        using var enabled = await client.SubmitFormAsync("/newsroom/account/two-factor", "#two-factor-form", ("Code", NewsroomSteps.TotpNow(key)));
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(10, (await enabled.ReadAsync()).QuerySelectorAll("#recovery-codes li").Length);
        site.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.NotNull((await client.GetDocumentAsync("/newsroom/account")).QuerySelector("#disable-two-factor-form"));

        var browser = site.CreateReader();
        using var first = await browser.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/newsroom/login/code", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var notYet = await browser.GetAsync("/newsroom");
        Assert.Equal(HttpStatusCode.Redirect, notYet.StatusCode);
        var codePage = first.Headers.Location!.OriginalString;
        using var wrong = await browser.SubmitFormAsync(codePage, "form", ("Code", "000000"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        using var right = await browser.SubmitFormAsync(codePage, "form", ("Code", NewsroomSteps.TotpNow(key)));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("لوحة التحكم", (await browser.GetDocumentAsync("/newsroom")).QuerySelector("h1")!.Text());
    }

    [Fact]
    public async Task Two_factor_stays_off_when_the_code_is_wrong()
    {
        using var site = new NashirFactory();
        var (user, password) = await site.CreateUserAsync(Roles.Writer);
        var client = await site.SignInAsync(user.Email!, password);
        var key = (await client.GetDocumentAsync("/newsroom/account/two-factor")).QuerySelector("#authenticator-key")!.Text();
        var wrongCode = NewsroomSteps.Totp(key, DateTimeOffset.UtcNow.AddHours(-1));

        using var response = await client.SubmitFormAsync("/newsroom/account/two-factor", "#two-factor-form", ("Code", wrongCode));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadAsync();
        Assert.StartsWith("الرمز غير صحيح.", page.QuerySelector("#code-error")!.Text(), StringComparison.Ordinal);
        Assert.Equal(key, page.QuerySelector("#authenticator-key")!.Text());
        Assert.False(await site.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }
}
