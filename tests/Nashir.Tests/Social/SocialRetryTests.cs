using System.Net;
using System.Net.Sockets;
using Nashir.Accounts;
using Nashir.Social;

namespace Nashir.Tests.Social;

/// <summary>Temporary and permanent failures, and the rule that nothing is posted twice.</summary>
public sealed class SocialRetryTests
{
    [Fact]
    public async Task Telegram_429_waits_at_least_its_retry_after_before_the_next_attempt()
    {
        await using var stub = await SocialStub.StartAsync();
        using var site = stub.Configure(new NashirFactory(), facebook: false);
        var editor = await site.SignInAsync(Roles.Editor);
        stub.TelegramAnswers(429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 90","parameters":{"retry_after":90}}""");
        await editor.PublishInEditorAsync("خبر في زحمة");
        var start = site.Clock.GetUtcNow().UtcDateTime;

        await site.SendDueAsync();
        var waiting = await site.PostAsync(SocialChannel.Telegram);
        Assert.Equal((SocialPostStatus.Pending, 1), (waiting.Status, waiting.Attempts));
        Assert.True(waiting.NextAttemptAt >= start.AddSeconds(90), $"next attempt at {waiting.NextAttemptAt:O}");
        Assert.Contains("Too Many Requests", waiting.LastError, StringComparison.Ordinal);

        // Past the ordinary 30 s backoff, but not past what Telegram asked for.
        site.Clock.Advance(TimeSpan.FromSeconds(89));
        await site.SendDueAsync();
        Assert.Single(stub.Requests);

        site.Clock.Advance(TimeSpan.FromSeconds(1));
        await site.SendDueAsync();
        Assert.Equal(2, stub.Requests.Count);
        var sent = await site.PostAsync(SocialChannel.Telegram);
        Assert.Equal((SocialPostStatus.Sent, 2), (sent.Status, sent.Attempts));
    }

    [Fact]
    public async Task Facebook_429_respects_the_retry_after_header_and_rate_limit_codes_are_retried()
    {
        await using var stub = await SocialStub.StartAsync();
        using var site = stub.Configure(new NashirFactory(), telegram: false);
        var editor = await site.SignInAsync(Roles.Editor);
        stub.FacebookAnswers(429, """{"error":{"message":"Too many calls","type":"OAuthException","code":4}}""", retryAfterHeader: "600");
        stub.FacebookAnswers(400, """{"error":{"message":"(#32) Page request limit reached","type":"OAuthException","code":32,"fbtrace_id":"A1"}}""");
        await editor.PublishInEditorAsync("خبر لصفحة فيسبوك");
        var start = site.Clock.GetUtcNow().UtcDateTime;

        await site.SendDueAsync();
        Assert.True((await site.PostAsync(SocialChannel.Facebook)).NextAttemptAt >= start.AddSeconds(600));
        site.Clock.Advance(TimeSpan.FromSeconds(600));
        await site.SendDueAsync();
        var second = await site.PostAsync(SocialChannel.Facebook);
        Assert.Equal((SocialPostStatus.Pending, 2), (second.Status, second.Attempts));
        Assert.Contains("code 32", second.LastError, StringComparison.Ordinal);

        // Exponential: the second failure waits twice the first delay (30 s → 60 s).
        Assert.Equal(site.Clock.GetUtcNow().UtcDateTime.AddSeconds(60), second.NextAttemptAt);
        site.Clock.Advance(TimeSpan.FromSeconds(60));
        await site.SendDueAsync();
        Assert.Equal(SocialPostStatus.Sent, (await site.PostAsync(SocialChannel.Facebook)).Status);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task A_server_error_is_retried_after_a_backoff_and_then_posted_exactly_once()
    {
        await using var stub = await SocialStub.StartAsync();
        using var site = stub.Configure(new NashirFactory(), facebook: false);
        var editor = await site.SignInAsync(Roles.Editor);
        stub.TelegramAnswers(500, """{"ok":false,"error_code":500,"description":"Internal Server Error"}""");
        await editor.PublishInEditorAsync("خبر بعد عطل");

        await site.SendDueAsync();
        var waiting = await site.PostAsync(SocialChannel.Telegram);
        Assert.Equal(SocialPostStatus.Pending, waiting.Status);
        Assert.Equal(site.Clock.GetUtcNow().UtcDateTime.AddSeconds(30), waiting.NextAttemptAt);
        await site.SendDueAsync();
        Assert.Single(stub.Requests); // not due yet

        site.Clock.Advance(TimeSpan.FromSeconds(30));
        await site.SendDueAsync();
        await site.SendDueAsync();
        Assert.Equal(2, stub.Requests.Count);
        var sent = await site.PostAsync(SocialChannel.Telegram);
        Assert.Equal((SocialPostStatus.Sent, 2, null), (sent.Status, sent.Attempts, sent.LastError));
    }

    [Fact]
    public async Task Temporary_errors_become_a_failure_after_the_configured_attempts()
    {
        await using var stub = await SocialStub.StartAsync();
        using var site = stub.Configure(new NashirFactory(), facebook: false).With("Nashir:Social:MaxAttempts", "3");
        var editor = await site.SignInAsync(Roles.Editor);
        for (var i = 0; i < 5; i++)
            stub.TelegramAnswers(502, "<html>Bad Gateway</html>");
        await editor.PublishInEditorAsync("خبر لا يصل");

        for (var i = 0; i < 5; i++)
        {
            await site.SendDueAsync();
            site.Clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(3, stub.Requests.Count);
        var failed = await site.PostAsync(SocialChannel.Telegram);
        Assert.Equal((SocialPostStatus.Failed, 3), (failed.Status, failed.Attempts));
        Assert.Contains("502", failed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_post_fails_at_once_with_its_error_and_shows_in_the_newsroom()
    {
        await using var stub = await SocialStub.StartAsync();
        using var site = stub.Configure(new NashirFactory());
        var editor = await site.SignInAsync(Roles.Editor);
        stub.TelegramAnswers(400, """{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}""");
        stub.FacebookAnswers(400, """{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463}}""");
        await editor.PublishInEditorAsync("خبر إلى قناة محذوفة");

        await site.SendDueAsync();
        site.Clock.Advance(TimeSpan.FromHours(2));
        await site.SendDueAsync();

        Assert.Equal(2, stub.Requests.Count);
        var page = await editor.GetDocumentAsync("/newsroom/social?status=failed");
        var rows = page.QuerySelectorAll("#social-queue tbody tr");
        Assert.Equal(2, rows.Length);
        var telegram = rows.Single(r => r.GetAttribute("data-channel") == "Telegram");
        Assert.Equal("Failed", telegram.GetAttribute("data-status"));
        Assert.Contains("chat not found", telegram.QuerySelector(".last-error")!.Text(), StringComparison.Ordinal);
        Assert.Equal("فشل", telegram.QuerySelector(".status-badge")!.Text());
        Assert.NotNull(telegram.QuerySelector(".retry-form button"));
        var facebook = rows.Single(r => r.GetAttribute("data-channel") == "Facebook");
        Assert.Contains("code 190", facebook.QuerySelector(".last-error")!.Text(), StringComparison.Ordinal);

        var html = page.DocumentElement.OuterHtml;
        Assert.DoesNotContain(SocialStub.BotToken, html, StringComparison.Ordinal);
        Assert.DoesNotContain(SocialStub.PageToken, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_api_is_retried_because_nothing_was_sent()
    {
        // A port nobody listens on: the connection is refused before any request leaves.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var site = new NashirFactory()
            .With("Nashir:Social:Telegram:BotToken", SocialStub.BotToken).With("Nashir:Social:Telegram:ChatId", SocialStub.ChatId)
            .With("Nashir:Social:Telegram:ApiBase", $"http://127.0.0.1:{port}");
        var editor = await site.SignInAsync(Roles.Editor);
        await editor.PublishInEditorAsync("خبر والشبكة مقطوعة");

        await site.SendDueAsync();

        var post = await site.PostAsync(SocialChannel.Telegram);
        Assert.Equal((SocialPostStatus.Pending, 1), (post.Status, post.Attempts));
        Assert.StartsWith("تعذر الاتصال", post.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(SocialStub.BotToken, post.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_that_times_out_is_unknown_and_never_sent_again_on_its_own()
    {
        await using var stub = await SocialStub.StartAsync();
        using var site = stub.Configure(new NashirFactory(), facebook: false).With("Nashir:Social:Timeout", "00:00:01");
        var editor = await site.SignInAsync(Roles.Editor);
        stub.TelegramHangs();
        await editor.PublishInEditorAsync("خبر والجواب لا يأتي");

        await site.SendDueAsync();
        var post = await site.PostAsync(SocialChannel.Telegram);
        Assert.Equal(SocialPostStatus.Unknown, post.Status);
        Assert.Contains("لم يصل جواب", post.LastError, StringComparison.Ordinal);

        site.Clock.Advance(TimeSpan.FromDays(1));
        await site.SendDueAsync();
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_send_never_posts_twice()
    {
        await using var stub = await SocialStub.StartAsync();
        var data = Path.Combine(Path.GetTempPath(), "nashir-tests", Guid.NewGuid().ToString("N"));
        try
        {
            stub.TelegramHangs();
            using (var first = stub.Configure(new NashirFactory(dataPath: data), facebook: false).With("Nashir:Social:PollInterval", "00:00:00.2"))
            {
                var editor = await first.SignInAsync(Roles.Editor);
                await editor.PublishInEditorAsync("خبر والخادم يعاد تشغيله");
                // The background worker has the call in flight when the site stops.
                await stub.WaitForRequestsAsync(1);
                Assert.Equal(SocialPostStatus.Sending, (await first.PostAsync(SocialChannel.Telegram)).Status);
            }
            // Telegram did post it, after all.
            stub.Release();

            using var second = stub.Configure(new NashirFactory(dataPath: data), facebook: false).With("Nashir:Social:PollInterval", "00:00:00.2");
            await second.SendDueAsync();
            Assert.Equal(SocialPostStatus.Sending, (await second.PostAsync(SocialChannel.Telegram)).Status);

            // Once the attempt's lease has passed, it is unknown: never re-sent on its own.
            second.Clock.Advance(TimeSpan.FromMinutes(5));
            await second.SendDueAsync();
            await Task.Delay(500); // a few background rounds too
            await second.SendDueAsync();

            var post = await second.PostAsync(SocialChannel.Telegram);
            Assert.Equal((SocialPostStatus.Unknown, 1), (post.Status, post.Attempts));
            Assert.Single(stub.Requests);
            var page = await (await second.SignInAsync(Roles.Editor)).GetDocumentAsync("/newsroom/social?status=unknown");
            Assert.Equal("غير معروف", page.QuerySelector("#social-queue .status-badge")!.Text());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
