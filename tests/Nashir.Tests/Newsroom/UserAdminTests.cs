using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Audit;

namespace Nashir.Tests.Newsroom;

public sealed class UserAdminTests
{
    [Fact]
    public async Task Admin_creates_a_writer_who_signs_in_with_the_password_shown_once()
    {
        using var site = new NashirFactory();
        var admin = await site.SignInAsync(Roles.Admin);

        using var response = await admin.SubmitFormAsync("/newsroom/users/new", "#create-account",
            ("Email", "kateb@nashir.test"), ("DisplayName", "سلمى الكاتبة"), ("Role", Roles.Writer));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var password = (await response.ReadAsync()).QuerySelector("#generated-password")!.Text();
        var writer = await site.SignInAsync("kateb@nashir.test", password);
        Assert.Equal("لوحة التحكم", (await writer.GetDocumentAsync("/newsroom")).QuerySelector("h1")!.Text());
        using var forbidden = await writer.GetAsync("/newsroom/users");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        var list = await admin.GetDocumentAsync("/newsroom/users");
        Assert.Contains("kateb@nashir.test", list.QuerySelector("#accounts")!.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, list.Source.Text, StringComparison.Ordinal);
        Assert.True(await site.WithDbAsync(db => db.AuditLog.AnyAsync(e => e.Action == AuditActions.UserCreated && e.TargetName!.Contains("kateb@nashir.test"))));
    }

    [Fact]
    public async Task Creating_an_account_with_a_taken_email_is_refused_next_to_the_field()
    {
        using var site = new NashirFactory();
        var (existing, _) = await site.CreateUserAsync(Roles.Editor);
        var admin = await site.SignInAsync(Roles.Admin);

        using var response = await admin.SubmitFormAsync("/newsroom/users/new", "#create-account",
            ("Email", existing.Email!), ("DisplayName", "نسخة"), ("Role", Roles.Writer));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadAsync();
        Assert.Equal($"البريد {existing.Email} مستخدم في حساب آخر.", page.QuerySelector("#email-error")!.Text());
        Assert.Equal("نسخة", page.QuerySelector("#display-name")!.GetAttribute("value"));
        Assert.Null(page.QuerySelector("#generated-password"));
    }

    [Theory]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Writer)]
    [InlineData(Roles.Moderator)]
    public async Task Only_admins_reach_accounts_and_the_audit_log(string role)
    {
        using var site = new NashirFactory();
        var client = await site.SignInAsync(role);

        foreach (var path in new[] { "/newsroom/users", "/newsroom/users/new", "/newsroom/audit" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Disabled_account_loses_its_open_session_at_the_next_cookie_check()
    {
        using var site = new NashirFactory();
        var (writer, password) = await site.CreateUserAsync(Roles.Writer);
        var writerClient = await site.SignInAsync(writer.Email!, password);
        var admin = await site.SignInAsync(Roles.Admin);

        using var disable = await admin.SubmitFormAsync($"/newsroom/users/{writer.Id}", "#disable-form");
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);

        // The cookie is checked against the account once a minute (SecurityStampValidator, on the site's clock).
        site.Clock.Advance(TimeSpan.FromMinutes(2));
        using var afterwards = await writerClient.GetAsync("/newsroom");
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.StartsWith("http://localhost/newsroom/login", afterwards.Headers.Location!.ToString(), StringComparison.Ordinal);
        using var again = await site.CreateReader().SubmitFormAsync("/newsroom/login", "form", ("Email", writer.Email!), ("Password", password));
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.True(await site.WithDbAsync(db => db.AuditLog.AnyAsync(e => e.Action == AuditActions.UserDisabled && e.TargetId == writer.Id)));

        using var enable = await admin.SubmitFormAsync($"/newsroom/users/{writer.Id}", "#enable-form");
        Assert.Equal(HttpStatusCode.Redirect, enable.StatusCode);
        await site.SignInAsync(writer.Email!, password);
    }

    [Fact]
    public async Task Admin_cannot_disable_their_own_account()
    {
        using var site = new NashirFactory();
        var (me, password) = await site.CreateUserAsync(Roles.Admin);
        var admin = await site.SignInAsync(me.Email!, password);
        var path = $"/newsroom/users/{me.Id}";
        Assert.Null((await admin.GetDocumentAsync(path)).QuerySelector("#disable-form"));

        using var response = await admin.PostHandlerAsync(path, path + "?handler=Disable");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("لا يمكنك تعطيل حسابك بنفسك.", (await response.ReadAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        Assert.False(await site.WithDbAsync(db => db.Users.Where(u => u.Id == me.Id).Select(u => u.IsDisabled).SingleAsync()));
    }

    [Fact]
    public async Task Admin_cannot_remove_their_own_admin_role()
    {
        using var site = new NashirFactory();
        var (me, password) = await site.CreateUserAsync(Roles.Admin);
        var admin = await site.SignInAsync(me.Email!, password);

        using var response = await admin.SubmitFormAsync($"/newsroom/users/{me.Id}", "#roles-form", ("Roles", Roles.Editor));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadAsync();
        Assert.Equal("لا يمكنك إزالة دور المدير من حسابك. يستطيع مدير آخر فعل ذلك.", page.QuerySelector("#roles-error")!.Text());
        // What was ticked stays ticked.
        Assert.NotNull(page.QuerySelector("#role-Editor[checked]"));
        Assert.Null(page.QuerySelector("#role-Admin[checked]"));
        using var stillAdmin = await admin.GetAsync("/newsroom/users");
        Assert.Equal(HttpStatusCode.OK, stillAdmin.StatusCode);
    }

    [Fact]
    public async Task Role_change_is_recorded_and_shown_on_the_audit_page()
    {
        using var site = new NashirFactory();
        var (writer, _) = await site.CreateUserAsync(Roles.Writer);
        var admin = await site.SignInAsync(Roles.Admin);

        using var response = await admin.SubmitFormAsync($"/newsroom/users/{writer.Id}", "#roles-form",
            ("Roles", Roles.Writer), ("Roles", Roles.Editor));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.True(await site.WithDbAsync(async db =>
            await db.UserRoles.CountAsync(r => r.UserId == writer.Id) == 2));
        var log = await admin.GetDocumentAsync("/newsroom/audit?action=user.roles-changed");
        var row = Assert.Single(log.QuerySelectorAll("#audit-log tbody tr"));
        Assert.Equal("تغيير أدوار حساب", row.QuerySelector("[data-action]")!.Text());
        Assert.Contains($"{writer.DisplayName} ({writer.Email})", row.Text(), StringComparison.Ordinal);
        Assert.Contains("من «كاتب» إلى «محرر، كاتب»", row.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_reset_shows_a_new_password_that_replaces_the_old_one()
    {
        using var site = new NashirFactory();
        var (writer, oldPassword) = await site.CreateUserAsync(Roles.Writer);
        var admin = await site.SignInAsync(Roles.Admin);

        using var response = await admin.SubmitFormAsync($"/newsroom/users/{writer.Id}", "#reset-password-form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var newPassword = (await response.ReadAsync()).QuerySelector("#generated-password")!.Text();
        await site.SignInAsync(writer.Email!, newPassword);
        using var old = await site.CreateReader().SubmitFormAsync("/newsroom/login", "form", ("Email", writer.Email!), ("Password", oldPassword));
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
    }
}
