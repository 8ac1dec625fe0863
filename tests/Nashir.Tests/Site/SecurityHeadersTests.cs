using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Accounts;
using Nashir.Arabic;
using Nashir.ContentApi;
using Nashir.Demo;
using Nashir.Search;

namespace Nashir.Tests.Site;

/// <summary>
/// Every kind of response the site gives carries the same security headers: pages, feeds, sitemaps, the APIs, static and
/// media files, error pages, the newsroom and its editor. HSTS only when configured and over HTTPS; cookies Secure over HTTPS.
/// </summary>
public sealed class SecurityHeadersTests(SecurityHeadersTests.Site site) : IClassFixture<SecurityHeadersTests.Site>
{
    private const string MediaFile = "security-headers-check.jpg";

    public sealed class Site() : NashirFactory(demoContent: true), IAsyncLifetime
    {
        private HttpClient? _editor;

        public string ApiSecret { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            using var scope = Services.CreateScope();
            (_, ApiSecret) = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync("فحص الترويسات", Nashir.Audit.ChangedBy.System);
            var media = Path.Combine(DataPath, "media");
            Directory.CreateDirectory(media);
            await File.WriteAllBytesAsync(Path.Combine(media, MediaFile), [0xFF, 0xD8, 0xFF, 0xD9]);
        }

        public async Task<HttpClient> ClientAsync(string who)
        {
            switch (who)
            {
                case "editor":
                    return _editor ??= await SignInAsync(Roles.Editor);
                case "api":
                    var client = CreateReader();
                    client.DefaultRequestHeaders.Add("X-Api-Key", ApiSecret);
                    return client;
                default:
                    return CreateReader();
            }
        }
    }

    private static string Article => NashirFactory.ArticlePath(Slugs.Slugify(DemoContent.SeedHeadline));

    public static TheoryData<string, string, int> Responses => new()
    {
        { "/", "reader", 200 },
        { Article, "reader", 200 },
        { NashirFactory.ListingPath("category", "محليات"), "reader", 200 },
        { NashirFactory.ListingPath("tag", "مصر"), "reader", 200 },
        { NashirFactory.ListingPath("author", "محرر-نشر-التجريبي"), "reader", 200 },
        { "/search?q=" + Uri.EscapeDataString("خبر"), "reader", 200 },
        { "/api/search/suggest?q=" + Uri.EscapeDataString("خبر"), "reader", 200 },
        { "/feed", "reader", 200 },
        { "/feed/atom", "reader", 200 },
        { NashirFactory.ListingPath("category", "محليات") + "/feed", "reader", 200 },
        { "/sitemap.xml", "reader", 200 },
        { "/sitemap-news.xml", "reader", 200 },
        { "/robots.txt", "reader", 200 },
        { "/api/v1/articles", "api", 200 },
        { "/api/v1/articles", "reader", 401 },
        { "/openapi/v1.json", "reader", 200 },
        { "/css/site.css", "reader", 200 },
        { "/js/search.js", "reader", 200 },
        { "/js/editor.js", "reader", 200 },
        { "/fonts/noto-naskh-arabic-arabic-400-normal.woff2", "reader", 200 },
        { "/img/logo.svg", "reader", 200 },
        { "/media/" + MediaFile, "reader", 200 },
        { "/healthz", "reader", 200 },
        { "/no-such-page", "reader", 404 },
        { NashirFactory.ListingPath("category", "محليات") + "?page=abc", "reader", 400 },
        { "/status/500", "reader", 500 },
        { "/newsroom/login", "reader", 200 },
        { "/newsroom", "reader", 302 },
        { "/newsroom", "editor", 200 },
        { "/newsroom/articles", "editor", 200 },
        { "/newsroom/articles/new", "editor", 200 },
        { "/newsroom/media", "editor", 200 },
        { "/newsroom/comments", "editor", 200 },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_response_carries_the_security_headers(string path, string who, int status)
    {
        var client = await site.ClientAsync(who);

        using var response = await client.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        AssertSecurityHeaders(response);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS is off unless configured");
    }

    [Fact]
    public async Task An_unexpected_error_page_carries_the_security_headers()
    {
        using var broken = site.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddScoped<ArticleSearch>(_ => throw new InvalidOperationException("search is down"))));
        var client = broken.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString("خبر"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("حدث خطأ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Article_bodies_may_show_remote_pictures_and_the_sanitizer_s_embeds_only()
    {
        using var response = await site.CreateReader().GetAsync(Article);

        var csp = Directives(response);
        Assert.Equal(["'self'", "https:", "http:"], csp["img-src"]);
        Assert.Contains("https://youtube.com", csp["frame-src"]);
        Assert.Contains("https://*.youtube.com", csp["frame-src"]);
        Assert.Contains("https://t.me", csp["frame-src"]);
        Assert.All(csp["frame-src"], source => Assert.StartsWith("https://", source, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reader_pages_are_the_same_for_every_reader_nonce_and_all()
    {
        using var first = await site.CreateReader().GetAsync(Article);
        using var second = await site.CreateReader().GetAsync(Article);

        Assert.Equal(Single(first, "Content-Security-Policy"), Single(second, "Content-Security-Policy"));
        Assert.DoesNotContain("nonce-", Single(first, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("TRACE", "/")]
    [InlineData("TRACE", "/newsroom/login")]
    [InlineData("TRACK", "/")]
    [InlineData("TRACE", "/css/site.css")]
    public async Task Trace_and_track_are_refused_and_nothing_is_echoed(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("X-Probe", "echo-me-back");

        using var response = await site.CreateReader().SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD", "POST"], response.Content.Headers.Allow);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("echo-me-back", body, StringComparison.Ordinal);
        Assert.Matches("[\u0600-\u06FF]", body);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_only_when_configured()
    {
        using var plain = new NashirFactory();
        using var enabled = new NashirFactory().With("Nashir:Security:Hsts", "true");

        using var httpsDefault = await Https(plain).GetAsync("/");
        using var httpsEnabled = await Https(enabled).GetAsync("/");
        using var httpEnabled = await enabled.CreateReader().GetAsync("/");

        Assert.False(httpsDefault.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("max-age=31536000", Single(httpsEnabled, "Strict-Transport-Security"));
        Assert.False(httpEnabled.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP is ignored by browsers and says nothing true");
    }

    [Fact]
    public async Task Newsroom_cookies_are_secure_over_https_and_still_work_over_http()
    {
        using var newsroom = new NashirFactory();
        var (user, password) = await newsroom.CreateUserAsync(Roles.Editor);

        var https = Https(newsroom);
        var httpsCookies = await SignInCookiesAsync(https, user.Email!, password);
        var httpCookies = await SignInCookiesAsync(newsroom.CreateReader(), user.Email!, password);

        Assert.Contains(httpsCookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(httpsCookies, c => c.StartsWith("nashir.auth=", StringComparison.Ordinal));
        Assert.All(httpsCookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(httpCookies, c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
        using var signedIn = await https.GetAsync("/newsroom");
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task Kestrel_sends_no_server_header_even_when_it_refuses_a_request_itself()
    {
        using var real = new NashirFactory();
        real.UseKestrel(0);
        real.StartServer();
        var address = new Uri(real.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        using var client = new HttpClient { BaseAddress = address };

        using var page = await client.GetAsync("/healthz");
        using var trace = await client.SendAsync(new HttpRequestMessage(HttpMethod.Trace, "/"));
        var refused = await RawAsync(address, "GET /" + new string('a', 10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Empty(page.Headers.Server);
        AssertSecurityHeaders(page);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, trace.StatusCode);
        Assert.Empty(trace.Headers.Server);
        // Kestrel answers a request line over its limit before any middleware runs (no body, no headers of ours).
        Assert.StartsWith("HTTP/1.1 414", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\nServer:", refused, StringComparison.OrdinalIgnoreCase);
    }

    private static HttpClient Https(NashirFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

    /// <summary>The Set-Cookie lines a person gets while opening the login form, signing in and opening a newsroom page.</summary>
    private static async Task<List<string>> SignInCookiesAsync(HttpClient client, string email, string password)
    {
        var cookies = new List<string>();
        using var form = await client.GetAsync("/newsroom/login");
        cookies.AddRange(SetCookies(form));
        var page = Html.Parse(await form.Content.ReadAsStringAsync());
        using var signIn = await client.SubmitFormAsync(page.QuerySelector("form")!, "/newsroom/login", ("Email", email), ("Password", password));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        cookies.AddRange(SetCookies(signIn));
        using var home = await client.GetAsync("/newsroom/articles/new");
        cookies.AddRange(SetCookies(home));
        return cookies;

        static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
            response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
    }

    private static async Task<string> RawAsync(Uri address, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = Directives(response);
        Assert.Equal(["'self'"], csp["default-src"]);
        Assert.Equal(["'self'"], csp["script-src"]);
        Assert.Equal(["'self'"], csp["style-src"]);
        Assert.Equal(["'none'"], csp["object-src"]);
        Assert.Equal(["'self'"], csp["base-uri"]);
        Assert.Equal(["'self'"], csp["form-action"]);
        Assert.Equal(["'none'"], csp["frame-ancestors"]);
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy"));
        var permissions = Single(response, "Permissions-Policy").Split(',', StringSplitOptions.TrimEntries);
        foreach (var feature in new[] { "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()" })
            Assert.Contains(feature, permissions);
        Assert.Empty(response.Headers.Server);
    }

    private static Dictionary<string, string[]> Directives(HttpResponseMessage response) =>
        Single(response, "Content-Security-Policy")
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..], StringComparer.Ordinal);

    private static string Single(HttpResponseMessage response, string header)
    {
        IEnumerable<string>? values = null;
        Assert.True(response.Headers.TryGetValues(header, out values) || response.Content.Headers.TryGetValues(header, out values),
            $"{header} is missing on {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} ({(int)response.StatusCode})");
        return Assert.Single(values!);
    }
}
