using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nashir.Accounts;
using Nashir.Social;
using Nashir.Tests.Newsroom;

namespace Nashir.Tests.Social;

/// <summary>The newsroom's queue page: who sees it, "retry now", and what a forged or malformed post gets.</summary>
public sealed class SocialNewsroomTests
{
    private static async Task<(SocialStub Stub, NashirFactory Site, HttpClient Editor, SocialPost Failed)> FailedPostAsync(NashirFactory? site = null)
    {
        var stub = await SocialStub.StartAsync();
        site = stub.Configure(site ?? new NashirFactory(), facebook: false);
        var editor = await site.SignInAsync(Roles.Editor);
        stub.TelegramAnswers(403, """{"ok":false,"error_code":403,"description":"Forbidden: bot is not a member of the channel chat"}""");
        await editor.PublishInEditorAsync("خبر لم يصل إلى القناة");
        await site.SendDueAsync();
        var failed = await site.PostAsync(SocialChannel.Telegram);
        Assert.Equal(SocialPostStatus.Failed, failed.Status);
        return (stub, site, editor, failed);
    }

    [Fact]
    public async Task Retry_now_sends_a_failed_post_again_and_is_recorded()
    {
        var (stub, site, editor, failed) = await FailedPostAsync();
        await using var _ = stub;
        using var __ = site;

        var page = await editor.GetDocumentAsync("/newsroom/social");
        var form = page.QuerySelector($"tr[data-id='{failed.Id}'] .retry-form")!;
        using (var response = await editor.SubmitFormAsync(form, "/newsroom/social"))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/newsroom/social", response.Headers.Location!.OriginalString);
        }
        var pending = await site.PostAsync(SocialChannel.Telegram);
        Assert.Equal((SocialPostStatus.Pending, 0), (pending.Status, pending.Attempts));

        await site.SendDueAsync();
        var sent = await site.PostAsync(SocialChannel.Telegram);
        Assert.Equal(SocialPostStatus.Sent, sent.Status);
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(1, await site.WithDbAsync(db => db.AuditLog.CountAsync(e => e.Action == "social.retried")));

        var after = await editor.GetDocumentAsync("/newsroom/social?status=sent");
        var row = after.QuerySelector($"tr[data-id='{failed.Id}']")!;
        Assert.Equal(sent.RemoteId, row.QuerySelector(".remote-id")!.Text());
        Assert.Null(row.QuerySelector(".retry-form"));
    }

    [Fact]
    public async Task Only_editors_and_admins_see_the_queue_or_may_retry()
    {
        var (stub, site, editor, failed) = await FailedPostAsync();
        await using var _ = stub;
        using var __ = site;
        var id = failed.Id.ToString(CultureInfo.InvariantCulture);

        foreach (var role in new[] { Roles.Writer, Roles.Moderator })
        {
            var client = await site.SignInAsync(role);
            using (var get = await client.GetAsync("/newsroom/social"))
                Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
            var home = await client.GetDocumentAsync("/newsroom");
            Assert.Null(home.QuerySelector("a[href='/newsroom/social']"));
            // With a valid anti-forgery token from a page this person may open.
            using var post = await client.PostHandlerAsync("/newsroom/account", "/newsroom/social?handler=Retry", ("id", id));
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }
        using (var anonymous = await site.CreateReader().PostAsync("/newsroom/social?handler=Retry", new FormUrlEncodedContent([new("id", id)])))
            Assert.True((int)anonymous.StatusCode is 302 or 400, $"anonymous got {(int)anonymous.StatusCode}");
        Assert.Equal(SocialPostStatus.Failed, (await site.PostAsync(SocialChannel.Telegram)).Status);

        var admin = await site.SignInAsync(Roles.Admin);
        var nav = await admin.GetDocumentAsync("/newsroom");
        Assert.Equal("النشر على القنوات", nav.QuerySelector("a[href='/newsroom/social']")!.Text());
        using (var ok = await admin.PostHandlerAsync("/newsroom/social", "/newsroom/social?handler=Retry", ("id", id)))
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(SocialPostStatus.Pending, (await site.PostAsync(SocialChannel.Telegram)).Status);
    }

    [Fact]
    public async Task Forged_and_malformed_retries_are_refused_with_a_4xx_and_change_nothing()
    {
        var (stub, site, editor, failed) = await FailedPostAsync();
        await using var _ = stub;
        using var __ = site;
        var id = failed.Id.ToString(CultureInfo.InvariantCulture);

        // No anti-forgery token (a cross-site form).
        using (var forged = await editor.PostAsync("/newsroom/social?handler=Retry", new FormUrlEncodedContent([new("id", id)])))
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        foreach (var bad in new[] { "", "abc", "-1", "1e3", "99999999999999999999", "١" })
        {
            using var response = await editor.PostHandlerAsync("/newsroom/social", "/newsroom/social?handler=Retry", ("id", bad));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("طلب غير صالح", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var twice = await editor.PostHandlerAsync("/newsroom/social", "/newsroom/social?handler=Retry", ("id", id), ("id", id)))
            Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        using (var missing = await editor.PostHandlerAsync("/newsroom/social", "/newsroom/social?handler=Retry", ("id", "987654")))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var query in new[] { "?status=bogus", "?page=0", "?page=abc", "?status=failed&status=sent", "?page=9" })
        {
            using var response = await editor.GetAsync("/newsroom/social" + query);
            Assert.True((int)response.StatusCode is 400 or 404, $"{query} answered {(int)response.StatusCode}");
        }
        Assert.Equal((SocialPostStatus.Failed, 1), ((await site.PostAsync(SocialChannel.Telegram)).Status, (await site.PostAsync(SocialChannel.Telegram)).Attempts));

        // A post already sent is never sent again, whatever the form says.
        await site.WithDbAsync(db => db.SocialPosts.ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, SocialPostStatus.Sent)));
        using (var sent = await editor.PostHandlerAsync("/newsroom/social", "/newsroom/social?handler=Retry", ("id", id)))
        {
            Assert.Equal(HttpStatusCode.Conflict, sent.StatusCode);
            Assert.Contains("أُرسل بالفعل", (await sent.ReadAsync()).QuerySelector("[role=alert]")!.Text(), StringComparison.Ordinal);
        }
        await site.SendDueAsync();
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Tokens_never_reach_the_log()
    {
        var logs = new CapturedLogs();
        var (stub, site, _, _) = await FailedPostAsync(new LoggedSite(logs));
        await using var __ = stub;
        using var ___ = site;
        stub.TelegramAnswers(500, """{"ok":false,"error_code":500,"description":"Internal Server Error"}""");
        await site.WithDbAsync(db => db.SocialPosts.ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, SocialPostStatus.Pending)));
        await site.SendDueAsync();

        var text = logs.Text();
        Assert.Contains("Posting article", text, StringComparison.Ordinal); // the poster did log
        Assert.DoesNotContain(SocialStub.BotToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-bot-token", text, StringComparison.Ordinal);
    }

    /// <summary>The site with every log line, at every level, kept for the test to read.</summary>
    private sealed class LoggedSite : NashirFactory
    {
        private readonly CapturedLogs _logs;

        public LoggedSite(CapturedLogs logs) => _logs = logs;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        }
    }
}

/// <summary>Every log line of a host, for tests that check what is (not) written.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

    public string Text() => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
