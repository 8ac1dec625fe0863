using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Accounts;
using Nashir.Audit;
using Nashir.Cli;
using Nashir.Tests.Media;

namespace Nashir.Tests.Newsroom;

/// <summary>
/// Sign-ins and sign-outs, account and API-key changes from the newsroom and the command line, word-list edits, comment
/// decisions and bans, and media edits each leave an audit entry that names the person who acted (display name and
/// email) and what was acted on.
/// </summary>
public sealed class AuditCompletenessTests
{
    private const string Password = "كلمة-مرور-طويلة-للاختبار";

    [Fact]
    public async Task Sign_ins_refusals_and_sign_outs_are_audited_by_name_and_never_with_a_password()
    {
        using var site = new NashirFactory();
        var (user, _) = await site.CreateUserAsync(Roles.Editor, "salma@nashir.test", "سلمى الحداد");
        var browser = site.CreateReader();

        using (var wrong = await browser.SubmitFormAsync("/newsroom/login", "form", ("Email", "salma@nashir.test"), ("Password", "كلمة-خاطئة-تماماً-123")))
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        using (var unknown = await browser.SubmitFormAsync("/newsroom/login", "form", ("Email", "nobody@nashir.test"), ("Password", "سر-لا-يعرفه-أحد-456")))
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using (var right = await browser.SubmitFormAsync("/newsroom/login", "form", ("Email", "salma@nashir.test"), ("Password", Password)))
            Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        using (var logout = await browser.SubmitFormAsync("/newsroom", "form[action='/newsroom/logout']"))
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        var entries = await site.WithDbAsync(db => db.AuditLog.OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(
            [
                (AuditActions.SignInRefused, "anonymous", null, user.Id, "سلمى الحداد (salma@nashir.test)", "كلمة مرور غير صحيحة"),
                (AuditActions.SignInRefused, "anonymous", null, null, "nobody@nashir.test", "لا حساب بهذا البريد"),
                (AuditActions.SignedIn, "salma@nashir.test", user.Id, user.Id, "سلمى الحداد (salma@nashir.test)", "بكلمة المرور"),
                (AuditActions.SignedOut, "salma@nashir.test", user.Id, user.Id, "سلمى الحداد (salma@nashir.test)", null),
            ],
            entries.Select(e => (e.Action, e.UserName, e.UserId, e.TargetId, e.TargetName, e.Details)));
        Assert.Equal(["مجهول", "مجهول", "سلمى الحداد", "سلمى الحداد"], entries.Select(e => e.UserDisplayName));
        AssertNoEntryContains(entries, "كلمة-خاطئة", "سر-لا-يعرفه", Password);

        var admin = await site.SignInAsync(Roles.Admin);
        var log = await admin.GetDocumentAsync("/newsroom/audit?action=" + AuditActions.SignedIn + "&user=salma%40nashir.test");
        var row = Assert.Single(log.QuerySelectorAll("#audit-log tbody tr"));
        Assert.Equal("سلمى الحداد", row.QuerySelector(".actor-name")!.Text());
        Assert.Equal("salma@nashir.test", row.QuerySelector(".actor-email")!.Text());
        Assert.Equal("دخول إلى غرفة الأخبار", row.QuerySelectorAll("td")[2].Text());
        Assert.Equal("حساب سلمى الحداد (salma@nashir.test)", row.QuerySelectorAll("td")[3].Text());
        Assert.Equal("سلمى الحداد (salma@nashir.test)", log.QuerySelector("#user option[value='salma@nashir.test']")!.Text());
    }

    [Fact]
    public async Task A_sign_in_with_two_factor_is_audited_when_the_code_completes_it()
    {
        using var site = new NashirFactory();
        var (user, _) = await site.CreateUserAsync(Roles.Writer, "omar@nashir.test", "عمر السقاف");
        var client = await site.SignInAsync(user.Email!, Password);
        var key = (await client.GetDocumentAsync("/newsroom/account/two-factor")).QuerySelector("#authenticator-key")!.Text();
        using (var enabled = await client.SubmitFormAsync("/newsroom/account/two-factor", "#two-factor-form", ("Code", NewsroomSteps.TotpNow(key))))
            Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var before = await site.WithDbAsync(db => db.AuditLog.MaxAsync(e => e.Id));

        var browser = site.CreateReader();
        using var first = await browser.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", Password));
        var codePage = first.Headers.Location!.OriginalString;
        using (var wrong = await browser.SubmitFormAsync(codePage, "form", ("Code", "000000")))
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        using (var right = await browser.SubmitFormAsync(codePage, "form", ("Code", NewsroomSteps.TotpNow(key))))
            Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);

        var entries = await site.WithDbAsync(db => db.AuditLog.Where(e => e.Id > before).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(
            [
                (AuditActions.SignInRefused, null, "مجهول", "رمز تحقق غير صحيح"),
                (AuditActions.SignedIn, user.Id, "عمر السقاف", "بكلمة المرور ورمز التحقق"),
            ],
            entries.Select(e => (e.Action, e.UserId, e.UserDisplayName, e.Details)));
        Assert.All(entries, e => Assert.Equal("عمر السقاف (omar@nashir.test)", e.TargetName));
    }

    [Fact]
    public async Task Account_verbs_at_the_command_line_are_audited_as_the_operator_with_the_account_named()
    {
        using var site = new NashirFactory();
        var output = new StringWriter();
        var terminal = Terminal.Writing(output);

        Assert.Equal(0, await UserCommands.RunAsync(site.Services, ["add", "--email", "chief@nashir.test", "--role", "editor", "--name", "رئيس التحرير"], terminal));
        Assert.Equal(0, await UserCommands.RunAsync(site.Services, ["disable", "--email", "chief@nashir.test"], terminal));
        Assert.Equal(0, await UserCommands.RunAsync(site.Services, ["enable", "--email", "chief@nashir.test"], terminal));
        Assert.Equal(0, await UserCommands.RunAsync(site.Services, ["reset-password", "--email", "chief@nashir.test"], terminal));

        var id = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "chief@nashir.test").Select(u => u.Id).SingleAsync());
        var entries = await site.WithDbAsync(db => db.AuditLog.OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(
            [AuditActions.UserCreated, AuditActions.UserDisabled, AuditActions.UserEnabled, AuditActions.PasswordReset],
            entries.Select(e => e.Action));
        Assert.All(entries, e =>
        {
            Assert.Equal(("cli", null, "user", id, "رئيس التحرير (chief@nashir.test)"), (e.UserName, e.UserId, e.TargetType, e.TargetId, e.TargetName));
            Assert.Equal($"سطر الأوامر ({Environment.UserName})", e.UserDisplayName);
        });
        var passwords = output.ToString().Split('\n').Where(l => l.Contains("(shown once): ", StringComparison.Ordinal))
            .Select(l => l.Split("(shown once): ")[1].Trim()).ToArray();
        Assert.Equal(2, passwords.Length);
        AssertNoEntryContains(entries, passwords);
    }

    [Fact]
    public async Task Api_keys_made_and_revoked_in_the_newsroom_and_at_the_command_line_are_audited_by_name()
    {
        using var site = new NashirFactory();
        var (admin, _) = await site.CreateUserAsync(Roles.Admin, "hind@nashir.test", "هند المقطري");
        var client = await site.SignInAsync(admin.Email!, Password);

        using var created = await client.SubmitFormAsync("/newsroom/api-keys", "#create-key", ("Name", "تطبيق الهاتف"));
        var secret = (await created.ReadAsync()).QuerySelector("#api-key-secret")!.TextContent.Trim();
        var list = await client.GetDocumentAsync("/newsroom/api-keys");
        using (var revoked = await client.SubmitFormAsync(list.QuerySelector("form.revoke-key")!, "/newsroom/api-keys"))
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        var output = new StringWriter();
        Assert.Equal(0, await ApiKeyCommands.RunAsync(site.Services, ["create", "موقع شقيق"], Terminal.Writing(output)));
        var cliKey = await site.WithDbAsync(db => db.ApiKeys.Where(k => k.Name == "موقع شقيق").Select(k => k.Id).SingleAsync());
        Assert.Equal(0, await ApiKeyCommands.RunAsync(site.Services, ["revoke", cliKey.ToString(CultureInfo.InvariantCulture)], Terminal.Writing(output)));

        var entries = await site.WithDbAsync(db => db.AuditLog.Where(e => e.TargetType == "apikey").OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(
            [
                (AuditActions.ApiKeyCreated, "hind@nashir.test", "هند المقطري", "تطبيق الهاتف"),
                (AuditActions.ApiKeyRevoked, "hind@nashir.test", "هند المقطري", "تطبيق الهاتف"),
                (AuditActions.ApiKeyCreated, "cli", $"سطر الأوامر ({Environment.UserName})", "موقع شقيق"),
                (AuditActions.ApiKeyRevoked, "cli", $"سطر الأوامر ({Environment.UserName})", "موقع شقيق"),
            ],
            entries.Select(e => (e.Action, e.UserName, e.UserDisplayName, e.Details)));
        Assert.Equal(cliKey.ToString(CultureInfo.InvariantCulture), entries[3].TargetId);
        var cliSecret = output.ToString().Split("Secret (shown once): ")[1].Split('\n')[0].Trim();
        AssertNoEntryContains(entries, secret, cliSecret);
    }

    [Fact]
    public async Task Word_list_additions_and_removals_are_audited_with_the_words_and_the_moderator()
    {
        using var site = new NashirFactory();
        var (moderator, _) = await site.CreateUserAsync(Roles.Moderator, "noor@nashir.test", "نور الهاشمي");
        var client = await site.SignInAsync(moderator.Email!, Password);

        using (var added = await client.SubmitFormAsync("/newsroom/comments/words", "form[action*=Add]", ("words", "شتيمة\nإهانة"), ("kind", "Suspect")))
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await client.GetDocumentAsync("/newsroom/comments/words");
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.Text().Contains("إهانة", StringComparison.Ordinal));
        using (var removed = await client.SubmitFormAsync(row.QuerySelector("form[action*=Delete]")!, "/newsroom/comments/words"))
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);

        var entries = await site.WithDbAsync(db => db.AuditLog.Where(e => e.TargetType == "comment-words").OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(
            [
                (AuditActions.CommentWordsAdded, moderator.Id, "نور الهاشمي", "مشبوهة: شتيمة، إهانة"),
                (AuditActions.CommentWordRemoved, moderator.Id, "نور الهاشمي", "مشبوهة: إهانة"),
            ],
            entries.Select(e => (e.Action, e.UserId, e.UserDisplayName, e.Details)));
    }

    [Fact]
    public async Task Account_changes_in_the_newsroom_name_both_the_admin_and_the_account()
    {
        using var site = new NashirFactory();
        var (admin, _) = await site.CreateUserAsync(Roles.Admin, "rasha@nashir.test", "رشا العمري");
        var client = await site.SignInAsync(admin.Email!, Password);

        using (var created = await client.SubmitFormAsync("/newsroom/users/new", "#create-account",
            ("Email", "kateb@nashir.test"), ("DisplayName", "كاتب جديد"), ("Role", Roles.Writer)))
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NashirUser>>();
            var id = (await users.FindByEmailAsync("kateb@nashir.test"))!.Id;
            using var disabled = await client.SubmitFormAsync($"/newsroom/users/{id}", "#disable-form");
            Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        }

        var entries = await site.WithDbAsync(db => db.AuditLog.Where(e => e.TargetType == "user" && e.Action != AuditActions.SignedIn).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(
            [
                (AuditActions.UserCreated, "rasha@nashir.test", "رشا العمري", "كاتب جديد (kateb@nashir.test)"),
                (AuditActions.UserDisabled, "rasha@nashir.test", "رشا العمري", "كاتب جديد (kateb@nashir.test)"),
            ],
            entries.Select(e => (e.Action, e.UserName, e.UserDisplayName, e.TargetName)));
    }

    [Fact]
    public async Task Comment_decisions_and_bans_are_on_the_audit_page_under_the_moderators_name()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر للنقاش");
        var reader = site.CreateReader();
        string[] names = ["قارئ أول", "قارئ ثان", "قارئ ثالث"];
        foreach (var name in names)
        {
            using var posted = await reader.PostAsync(NashirFactory.ArticlePath(article.Slug) + "?handler=Comment",
                new FormUrlEncodedContent([new("Name", name), new("Text", "رأي " + name)]));
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        }
        var (moderator, _) = await site.CreateUserAsync(Roles.Moderator, "layla@nashir.test", "ليلى الشامي");
        var client = await site.SignInAsync(moderator.Email!, Password);
        var queue = await client.GetDocumentAsync("/newsroom/comments");
        var ids = queue.QuerySelectorAll("#bulk-form input[name=ids]").Select(i => i.GetAttribute("value")!).ToList();
        Assert.Equal(3, ids.Count);

        using (var banned = await client.SubmitFormAsync("/newsroom/comments", "form[action*=Ban]", ("id", ids[2])))
            Assert.Equal(HttpStatusCode.Redirect, banned.StatusCode);
        foreach (var (id, decision) in new[] { (ids[0], "approve"), (ids[1], "reject"), (ids[2], "spam") })
        {
            using var decided = await client.SubmitFormAsync(queue.QuerySelector("#bulk-form")!, "/newsroom/comments", ("ids", id), ("decision", decision));
            Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        }

        var admin = await site.SignInAsync(Roles.Admin);
        var on = string.Create(CultureInfo.InvariantCulture, $"على المقال رقم {article.Id}");
        Assert.Equal([("ليلى الشامي", "layla@nashir.test", "نشر تعليق", "تعليق #" + ids[0], $"{names[0]} {on}")],
            await AuditRowsAsync(admin, AuditActions.CommentApproved));
        Assert.Equal([("ليلى الشامي", "layla@nashir.test", "رفض تعليق", "تعليق #" + ids[1], $"{names[1]} {on}")],
            await AuditRowsAsync(admin, AuditActions.CommentRejected));
        Assert.Equal([("ليلى الشامي", "layla@nashir.test", "تصنيف تعليق مزعجاً", "تعليق #" + ids[2], $"{names[2]} {on}")],
            await AuditRowsAsync(admin, AuditActions.CommentMarkedSpam));
        Assert.Equal([("ليلى الشامي", "layla@nashir.test", "حظر صاحب تعليق", "تعليق #" + ids[2], names[2])],
            await AuditRowsAsync(admin, AuditActions.CommenterBanned));
    }

    [Fact]
    public async Task Media_edits_and_deletions_are_on_the_audit_page_under_the_editors_name()
    {
        using var site = new NashirFactory();
        var (editor, _) = await site.CreateUserAsync(Roles.Editor, "ziad@nashir.test", "زياد الخطيب");
        var client = await site.SignInAsync(editor.Email!, Password);
        using var uploaded = await client.UploadAsync(TestImages.Png(200, 100), "mosque.png", caption: "قبل");
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var id = uploaded.Headers.Location!.OriginalString["/newsroom/media/".Length..];

        using (var edited = await client.SubmitFormAsync($"/newsroom/media/{id}", "#details-form", ("Caption", "بعد")))
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        using (var deleted = await client.SubmitFormAsync($"/newsroom/media/{id}", "#delete-form"))
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        var admin = await site.SignInAsync(Roles.Admin);
        Assert.Equal([("زياد الخطيب", "ziad@nashir.test", "تعديل بيانات صورة في الوسائط", "وسائط #" + id, "mosque.png")],
            await AuditRowsAsync(admin, AuditActions.MediaEdited));
        Assert.Equal([("زياد الخطيب", "ziad@nashir.test", "حذف ملف من الوسائط", "وسائط #" + id, "mosque.png")],
            await AuditRowsAsync(admin, AuditActions.MediaDeleted));
    }

    /// <summary>The audit page's rows for one action as an admin reads them: who (name, email), what, on what, details.</summary>
    private static async Task<List<(string Name, string? Email, string Action, string Target, string Details)>> AuditRowsAsync(HttpClient admin, string action)
    {
        var log = await admin.GetDocumentAsync("/newsroom/audit?action=" + Uri.EscapeDataString(action));
        return [.. log.QuerySelectorAll("#audit-log tbody tr").Select(row =>
        {
            var cells = row.QuerySelectorAll("td");
            return (row.QuerySelector(".actor-name")!.Text(), row.QuerySelector(".actor-email")?.Text(), cells[2].Text(), cells[3].Text(), cells[4].Text());
        })];
    }

    private static void AssertNoEntryContains(IEnumerable<AuditEntry> entries, params string[] secrets)
    {
        foreach (var e in entries)
        {
            var text = string.Join('\n', e.UserName, e.UserDisplayName, e.Action, e.TargetType, e.TargetId, e.TargetName, e.Details);
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
