using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Nashir.Tests.Site;

/// <summary>
/// The Host header a request names never reaches the absolute links shared caches keep: with <c>Nashir:PublicUrl</c>
/// they are always on it, and with <c>AllowedHosts</c> another host is refused.
/// </summary>
public sealed class HostHeaderTests
{
    private const string Evil = "evil.example";

    /// <summary>Every response that carries absolute links: canonical and og:url, JSON-LD, RSS, Atom, sitemaps, robots.txt.</summary>
    private static async Task<string[]> LinkedPathsAsync(NashirFactory site)
    {
        var category = await site.CreateCategoryAsync("محليات");
        var article = await site.PublishAsync("خبر للروابط", categoryId: category.Id, configure: a => a.Dek = "موجز الخبر");
        return
        [
            NashirFactory.ArticlePath(article.Slug), "/feed", "/feed/atom", "/robots.txt",
            "/sitemap.xml", "/sitemap-articles-1.xml", "/sitemap-sections.xml", "/sitemap-news.xml",
        ];
    }

    private static HttpClient ClientFor(NashirFactory site, string host) =>
        site.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://" + host), AllowAutoRedirect = false });

    [Fact]
    public async Task With_a_public_url_links_stay_on_it_whatever_host_the_request_names()
    {
        using var site = new NashirFactory().With("Nashir:PublicUrl", "https://alraai.example");
        var paths = await LinkedPathsAsync(site);
        var evil = ClientFor(site, Evil);

        foreach (var path in paths)
        {
            using var response = await evil.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.DoesNotContain(Evil, body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("https://alraai.example/", body, StringComparison.Ordinal);
        }
        var page = Html.Parse(await evil.GetStringAsync(paths[0]));
        var canonical = page.QuerySelector("link[rel=canonical]")!.GetAttribute("href")!;
        Assert.StartsWith("https://alraai.example/article/", canonical, StringComparison.Ordinal);
        Assert.Equal(canonical, page.QuerySelector("meta[property='og:url']")!.GetAttribute("content"));
        Assert.Contains("\"https://alraai.example/article/", page.QuerySelector("script[type='application/ld+json']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_public_url_a_host_outside_allowed_hosts_gets_400_in_arabic()
    {
        using var site = new NashirFactory().With("AllowedHosts", "alraai.example;www.alraai.example");
        var paths = await LinkedPathsAsync(site);

        foreach (var path in paths)
        {
            using var refused = await ClientFor(site, Evil).GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.Equal("لا يخدم هذا الموقع اسم النطاق المطلوب في الطلب.", body);

            using var allowed = await ClientFor(site, "www.alraai.example:8080").GetAsync(path);
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"{path}: {(int)allowed.StatusCode}");
            Assert.Contains("http://www.alraai.example:8080/", await allowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // Load balancers ask for the health check by address.
        using var health = await ClientFor(site, "10.0.0.5:8080").GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData(null, "*", true)]
    [InlineData("https://alraai.example", null, false)]
    [InlineData(null, "alraai.example", false)]
    public void Production_start_warns_when_any_host_makes_the_links(string? publicUrl, string? allowedHosts, bool warned)
    {
        var logged = new ConcurrentQueue<string>();
        using var site = new NashirFactory();
        if (publicUrl is not null)
            site.With("Nashir:PublicUrl", publicUrl);
        if (allowedHosts is not null)
            site.With("AllowedHosts", allowedHosts);
        using var host = site.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(new Capture(logged))));

        host.CreateClient().Dispose();

        Assert.Equal(warned, logged.Any(m => m.Contains("Neither Nashir:PublicUrl nor AllowedHosts is set", StringComparison.Ordinal)));
    }

    private sealed class Capture(ConcurrentQueue<string> messages) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                messages.Enqueue(formatter(state, exception));
        }

        public void Dispose()
        {
        }
    }
}
