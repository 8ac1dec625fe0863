using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Accounts;
using Nashir.Tests.Newsroom;

namespace Nashir.Tests.Security;

/// <summary>
/// Sign-in sends people back where they came from; whatever the return address says, the redirect must land on
/// this site as a browser reads the Location header (which drops tabs and newlines and takes "\" for "/").
/// </summary>
public sealed partial class ReturnUrlTests(ReturnUrlTests.Site site) : IClassFixture<ReturnUrlTests.Site>
{
    /// <summary>On a real socket: Kestrel, unlike the in-memory server, checks the headers a response sets.</summary>
    public sealed class Site : NashirFactory
    {
        private readonly Uri _address;

        public Site()
        {
            UseKestrel(0);
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            _address = new Uri(address.EndsWith('/') ? address : address + "/");
        }

        private (NashirUser, string)? _writer;
        private (NashirUser, string, string)? _writerWithTwoFactor;

        /// <summary>One account for every case: signing in again and again changes nothing the next case sees.</summary>
        public async Task<(NashirUser User, string Password)> WriterAsync() => _writer ??= await CreateUserAsync(Roles.Writer);

        /// <summary>An account with an authenticator app.</summary>
        public async Task<(NashirUser User, string Password, string Key)> WriterWithTwoFactorAsync()
        {
            if (_writerWithTwoFactor is { } known)
                return known;
            var (user, password) = await CreateUserAsync(Roles.Writer);
            await using var scope = Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NashirUser>>();
            var stored = (await users.FindByIdAsync(user.Id))!;
            await users.ResetAuthenticatorKeyAsync(stored);
            var key = (await users.GetAuthenticatorKeyAsync(stored))!;
            await users.SetTwoFactorEnabledAsync(stored, true);
            return (_writerWithTwoFactor = (user, password, key)).Value;
        }

        /// <summary>A client with its own cookies that does not follow redirects.</summary>
        public HttpClient NewBrowser() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _address };
    }

    // What an attacker puts in ?ReturnUrl=, as the server receives it (already percent-decoded once).
    private static readonly string[] Hostile =
    [
        "//evil.example",
        "//evil.example/newsroom",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "\\/evil.example",
        "https://evil.example/newsroom",
        "https:evil.example",
        "http:/evil.example",
        "HTTPS://evil.example",
        "%2F%2Fevil.example",
        "/%2F/evil.example",
        "/%5Cevil.example",
        "/%5C%5Cevil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/\\\t\\evil.example",
        " //evil.example",
        "\t//evil.example",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "/newsroom@evil.example",
        "//newsroom@evil.example",
        "https://127.0.0.1@evil.example",
        "/\uFF0F\uFF0Fevil.example",
        "/newsroom/\uFF0F\uFF0Fevil.example",
        "/newsroom/\uFF3Cevil.example",
        "/\u2215\u2215evil.example",
        "~//evil.example",
        "~/\\evil.example",
        "/newsroom/../..//evil.example",
        "/newsroom\r\nSet-Cookie: stolen=1",
        "/newsroom/\u0000/evil.example",
        "",
    ];

    public static TheoryData<string> Variants => [.. Hostile];

    [Fact]
    public void There_are_at_least_seventeen_variants() => Assert.True(Hostile.Length >= 17, $"{Hostile.Length} variants");

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Sign_in_redirect_stays_on_the_site(string returnUrl)
    {
        var (user, password) = await site.WriterAsync();
        using var client = site.NewBrowser();

        using var response = await client.SubmitFormAsync("/newsroom/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), "form",
            ("Email", user.Email!), ("Password", password), ("ReturnUrl", returnUrl));

        await AssertRedirectOnSiteAsync(client, response, returnUrl);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Sign_in_with_an_authenticator_code_redirects_on_the_site(string returnUrl)
    {
        var (user, password, key) = await site.WriterWithTwoFactorAsync();
        using var client = site.NewBrowser();
        using var first = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password), ("ReturnUrl", returnUrl));
        if (first.StatusCode != HttpStatusCode.Redirect)
        {
            await AssertRedirectOnSiteAsync(client, first, returnUrl);
            return;
        }
        var codePage = first.Headers.Location!.OriginalString;
        Assert.StartsWith("/newsroom/login/code", codePage, StringComparison.Ordinal);

        // The code page carries the return address in a hidden field; an attacker can also set it there directly.
        using var response = await client.SubmitFormAsync(codePage, "form", ("Code", NewsroomSteps.TotpNow(key)), ("ReturnUrl", returnUrl));

        await AssertRedirectOnSiteAsync(client, response, returnUrl);
    }

    private static async Task AssertRedirectOnSiteAsync(HttpClient client, HttpResponseMessage response, string returnUrl)
    {
        var shown = Regex.Escape(returnUrl);
        var status = (int)response.StatusCode;
        if (status == 400)
        {
            // Refusing an address it cannot use is fine, in Arabic.
            var page = Html.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(ArabicLetter().IsMatch(page.QuerySelector("main")?.Text() ?? ""), $"ReturnUrl \"{shown}\": 400 without an Arabic explanation");
            return;
        }
        Assert.True(status == 302, $"ReturnUrl \"{shown}\": answered {status}, expected a redirect (302) or a refusal (400)");
        var location = response.Headers.TryGetValues("Location", out var values) ? values.Single() : "";
        var origin = client.BaseAddress!;
        var landed = AsBrowserReads(origin, location);
        Assert.True(landed is not null && landed.Scheme == origin.Scheme && landed.Authority == origin.Authority,
            $"ReturnUrl \"{shown}\": Location \"{Regex.Escape(location)}\" leaves the site ({landed?.ToString() ?? "not a web address"})");
    }

    /// <summary>
    /// Where a browser goes for a Location header (WHATWG URL): leading and trailing spaces and control characters
    /// are trimmed, tabs and newlines removed anywhere, and in http(s) addresses "\" is a "/".
    /// </summary>
    private static Uri? AsBrowserReads(Uri site, string location)
    {
        var cleaned = location.Trim(Enumerable.Range(0, 0x21).Select(c => (char)c).ToArray()).Replace("\t", "", StringComparison.Ordinal)
            .Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        // Any scheme but this site's own origin leaves it: javascript:, data:, and "http:/host", which a browser reads as http://host.
        if (SchemePrefix().IsMatch(cleaned) && !cleaned.StartsWith(site.GetLeftPart(UriPartial.Authority) + "/", StringComparison.OrdinalIgnoreCase))
            return null;
        cleaned = cleaned.Replace('\\', '/');
        return Uri.TryCreate(site, cleaned, out var landed) ? landed : null;
    }

    [GeneratedRegex("\\p{IsArabic}")]
    private static partial Regex ArabicLetter();

    [GeneratedRegex("^([a-zA-Z][a-zA-Z0-9+.-]*):")]
    private static partial Regex SchemePrefix();
}
