using System.Net;
using Microsoft.Extensions.Options;
using Nashir.Wire;

namespace Nashir.Tests.Wire;

public sealed class FetcherSafetyTests
{
    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.3.4")]
    [InlineData("172.16.5.4")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.10")]
    [InlineData("169.254.169.254")]
    [InlineData("127.0.0.1")]
    [InlineData("127.10.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("100.64.0.1")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:c0a8:0101::1")]
    public void Guard_refuses_internal_addresses(string address) =>
        Assert.True(AddressGuard.IsForbidden(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("185.199.108.153")]
    [InlineData("2a00:1450:4001:81c::200e")]
    [InlineData("::ffff:8.8.8.8")]
    public void Guard_accepts_public_addresses(string address) =>
        Assert.False(AddressGuard.IsForbidden(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_feed_on_a_loopback_address_is_refused_before_any_request_when_private_addresses_are_not_allowed(string host)
    {
        await using var stub = await StubAgency.StartAsync();
        var url = stub.Serve("rss", "anadolu.rss.xml").Replace("127.0.0.1", host, StringComparison.Ordinal);
        using var site = WireSites.WithFeed(url).With("Nashir:Wire:AllowPrivateAddresses", "false");

        var result = await site.PollAsync();

        Assert.False(result.Succeeded);
        Assert.Equal(0, stub.Requests);
        Assert.Empty(await site.WireItemsAsync());
        var status = await site.FeedStatusAsync();
        Assert.Equal("عنوان المصدر يشير إلى شبكة داخلية أو محلية، وهذا غير مسموح.", status.LastError);
        Assert.Contains("AllowPrivateAddresses", status.LastErrorDetail, StringComparison.Ordinal);
        Assert.Null(status.LastSuccessAt);
    }

    [Fact]
    public async Task The_fetcher_refuses_addresses_that_are_not_http()
    {
        using var fetcher = new WireFetcher(Options.Create(new WireOptions()));

        foreach (var url in (string[])["file:///etc/passwd", "ftp://agency.example/feed", "gopher://127.0.0.1:6379/_", "not a url"])
        {
            var refused = await Assert.ThrowsAsync<WireFeedException>(() => fetcher.FetchAsync(url, null, null, CancellationToken.None));
            Assert.Equal("عنوان المصدر ليس رابط http أو https.", refused.Arabic);
        }
    }

    [Fact]
    public async Task The_cloud_metadata_address_is_refused_by_the_fetcher_itself()
    {
        using var fetcher = new WireFetcher(Options.Create(new WireOptions { Timeout = TimeSpan.FromSeconds(5) }));

        var refused = await Assert.ThrowsAsync<WireFeedException>(() => fetcher.FetchAsync("http://169.254.169.254/latest/meta-data/", null, null, CancellationToken.None));

        Assert.Equal("عنوان المصدر يشير إلى شبكة داخلية أو محلية، وهذا غير مسموح.", refused.Arabic);
    }

    [Fact]
    public async Task A_response_larger_than_the_limit_without_content_length_is_cut_off()
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Url("/huge-chunked"));

        var result = await site.PollAsync();

        Assert.False(result.Succeeded);
        var status = await site.FeedStatusAsync();
        Assert.Equal("حجم المصدر أكبر من الحد المسموح.", status.LastError);
        Assert.Contains("MaxResponseBytes (300000 bytes)", status.LastErrorDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declared_content_length_over_the_limit_is_refused_without_reading()
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Url("/huge-declared"));

        var result = await site.PollAsync();

        Assert.False(result.Succeeded);
        Assert.Equal("حجم المصدر أكبر من الحد المسموح.", (await site.FeedStatusAsync()).LastError);
    }

    [Fact]
    public async Task A_feed_slower_than_the_timeout_is_a_feed_error()
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Url("/slow"));
        var started = DateTime.UtcNow;

        var result = await site.PollAsync();

        Assert.False(result.Succeeded);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        Assert.Equal("انتهت مهلة جلب المصدر.", (await site.FeedStatusAsync()).LastError);
    }

    [Theory]
    [InlineData("bomb.xml")]
    [InlineData("xxe.xml")]
    public async Task A_feed_with_a_dtd_is_refused_and_its_entities_never_expanded(string fixture)
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Serve("dtd", fixture));

        var result = await site.PollAsync();

        Assert.False(result.Succeeded);
        Assert.Empty(await site.WireItemsAsync());
        var status = await site.FeedStatusAsync();
        Assert.Equal("رُفض المصدر لأنه يحتوي على تعريف DTD أو كيانات (DOCTYPE)، وهذا غير مسموح لأسباب أمنية.", status.LastError);
        Assert.StartsWith("Refused: the document declares a DTD", status.LastErrorDetail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("malformed.xml", "rss", "المصدر ليس XML صالحاً.")]
    [InlineData("malformed.json", "ninjs", "المصدر ليس JSON صالحاً.")]
    [InlineData("anadolu.rss.xml", "ninjs", "المصدر ليس JSON صالحاً.")]
    [InlineData("agency.ninjs.json", "atom", "المصدر ليس XML صالحاً.")]
    public async Task A_malformed_feed_is_recorded_as_a_feed_error_and_the_other_feeds_still_poll(string fixture, string format, string error)
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeeds(
            ("مكسور", stub.Serve("broken", fixture), format, null),
            ("الأناضول", stub.Serve("rss", "anadolu.rss.xml"), "auto", "الأناضول"));

        var broken = await site.PollAsync("مكسور");
        var working = await site.PollAsync("الأناضول");

        Assert.Equal((false, true), (broken.Succeeded, working.Succeeded));
        Assert.Equal(error, (await site.FeedStatusAsync("مكسور")).LastError);
        Assert.Equal(3, (await site.WireItemsAsync()).Count);
    }

    [Theory]
    [InlineData("{\"unexpected\": true}", "المصدر ليس بصيغة ninjs مفهومة.")]
    [InlineData("[1, 2]", "المصدر ليس بصيغة ninjs مفهومة.")]
    [InlineData("\"just a string\"", "محتوى المصدر ليس RSS ولا Atom ولا ninjs.")]
    [InlineData("<html><body>صفحة خطأ</body></html>", "المصدر ليس موجز RSS 2.0 أو Atom صالحاً.")]
    [InlineData("   ", "المصدر أعاد محتوى فارغاً.")]
    [InlineData("%PDF-1.4", "محتوى المصدر ليس RSS ولا Atom ولا ninjs.")]
    public async Task Documents_that_are_not_feeds_are_feed_errors(string body, string error)
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.ServeText("odd", body, "text/html"));

        var result = await site.PollAsync();

        Assert.Equal((false, error), (result.Succeeded, result.Error));
    }

    [Fact]
    public async Task An_agency_error_status_is_recorded_and_a_later_success_clears_it()
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Url("/doc/flaky"));

        await site.PollAsync();
        var failed = await site.FeedStatusAsync();
        Assert.Equal("أجاب المصدر برمز الخطأ 404.", failed.LastError);
        Assert.Contains("HTTP 404", failed.LastErrorDetail, StringComparison.Ordinal);
        Assert.Equal(site.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), failed.NextPollAt);

        stub.Serve("flaky", "anadolu.rss.xml");
        var result = await site.PollAsync();

        Assert.True(result.Succeeded, result.Error);
        var status = await site.FeedStatusAsync();
        Assert.Equal((null, null), (status.LastError, status.LastErrorDetail));
        Assert.NotNull(status.LastSuccessAt);
    }

    [Fact]
    public async Task Redirects_are_followed_up_to_the_limit_and_never_to_another_scheme()
    {
        await using var stub = await StubAgency.StartAsync();
        stub.Serve("rss", "anadolu.rss.xml");
        using var site = WireSites.WithFeeds(
            ("موجه", stub.Url("/to/rss"), "auto", null),
            ("حلقة", stub.Url("/loop/0"), "auto", null),
            ("ملف", stub.Url("/to-file"), "auto", null));

        Assert.True((await site.PollAsync("موجه")).Succeeded);
        Assert.Equal("أعاد المصدر التوجيه مرات كثيرة.", (await site.PollAsync("حلقة")).Error);
        Assert.Equal("عنوان المصدر ليس رابط http أو https.", (await site.PollAsync("ملف")).Error);
    }
}
