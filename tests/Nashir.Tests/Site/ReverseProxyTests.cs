using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Comments;

namespace Nashir.Tests.Site;

/// <summary>
/// Forwarded headers are believed only from the proxies in <c>Nashir:Proxy</c>: behind them each reader has their own
/// comment limit and address hash, and a reader who writes the headers himself changes nothing.
/// </summary>
public sealed class ReverseProxyTests
{
    private const string Proxy = "10.0.0.1";

    private static NashirFactory Site(params (string Key, string Value)[] settings)
    {
        var site = new NashirFactory().WithPeerAddresses().With("Nashir:Proxy:KnownProxies:0", Proxy);
        foreach (var (key, value) in settings)
            site.With(key, value);
        return site;
    }

    private static async Task<HttpStatusCode> CommentAsync(NashirFactory site, Article article, string peer, string? forwardedFor, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, NashirFactory.ArticlePath(article.Slug) + "?handler=Comment")
        {
            Content = new FormUrlEncodedContent([new("Name", "قارئ"), new("Text", text)]),
        };
        request.Headers.Add(NashirFactory.PeerHeader, peer);
        if (forwardedFor is not null)
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await site.CreateReader().SendAsync(request);
        return response.StatusCode;
    }

    private static string Hash(NashirFactory site, string address) => site.Services.GetRequiredService<ClientHasher>().Hash(address);

    private static Task<List<string?>> StoredHashesAsync(NashirFactory site) =>
        site.WithDbAsync(db => db.Comments.OrderBy(c => c.Id).Select(c => c.ClientHash).ToListAsync());

    [Fact]
    public async Task Forwarded_headers_from_a_peer_that_is_not_a_known_proxy_are_ignored()
    {
        using var site = Site();
        var article = await site.PublishAsync("خبر");

        var answers = new List<HttpStatusCode>();
        for (var i = 1; i <= 6; i++)
            answers.Add(await CommentAsync(site, article, "203.0.113.7", $"198.51.100.{i}", $"تعليق رقم {i}"));

        // A new X-Forwarded-For on every post does not make a new reader: the sixth is over the limit of five a minute.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Redirect, 5), HttpStatusCode.TooManyRequests], answers);
        Assert.All(await StoredHashesAsync(site), h => Assert.Equal(Hash(site, "203.0.113.7"), h));
    }

    [Fact]
    public async Task Readers_behind_the_known_proxy_each_get_their_own_limit_and_hash()
    {
        using var site = Site();
        var article = await site.PublishAsync("خبر");

        var first = new List<HttpStatusCode>();
        // The reader's own X-Forwarded-For comes first; the proxy appends the address it saw, and only that counts.
        for (var i = 1; i <= 6; i++)
            first.Add(await CommentAsync(site, article, Proxy, $"192.0.2.{i}, 198.51.100.1", $"تعليق رقم {i}"));
        var second = await CommentAsync(site, article, Proxy, "198.51.100.2", "تعليق قارئ آخر");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Redirect, 5), HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.Redirect, second);
        Assert.Equal([.. Enumerable.Repeat(Hash(site, "198.51.100.1"), 5), Hash(site, "198.51.100.2")], await StoredHashesAsync(site));
    }

    [Fact]
    public async Task A_chain_of_known_proxies_is_followed_up_to_the_forward_limit()
    {
        using var site = Site(("Nashir:Proxy:KnownNetworks", "192.0.2.0/24"), ("Nashir:Proxy:ForwardLimit", "2"));
        var article = await site.PublishAsync("خبر");

        // Reader 198.51.100.9 → CDN node 192.0.2.5 → nginx 10.0.0.1; "1.1.1.1" is the reader's own invention.
        Assert.Equal(HttpStatusCode.Redirect, await CommentAsync(site, article, Proxy, "1.1.1.1, 198.51.100.9, 192.0.2.5", "تعليق عبر سلسلة"));

        Assert.Equal([Hash(site, "198.51.100.9")], await StoredHashesAsync(site));
    }

    [Fact]
    public async Task Aspnetcore_forwarded_headers_switch_no_longer_trusts_everybody()
    {
        using var site = new NashirFactory().WithPeerAddresses().With("FORWARDEDHEADERS_ENABLED", "true");
        var article = await site.PublishAsync("خبر");

        Assert.Equal(HttpStatusCode.Redirect, await CommentAsync(site, article, "203.0.113.7", "198.51.100.1", "تعليق"));

        Assert.Equal([Hash(site, "203.0.113.7")], await StoredHashesAsync(site));
    }

    [Theory]
    [InlineData(Proxy, true)]
    [InlineData("203.0.113.7", false)]
    public async Task Https_at_the_known_proxy_makes_the_request_https(string peer, bool https)
    {
        using var site = Site();
        var article = await site.PublishAsync("خبر");
        var (user, password) = await site.CreateUserAsync(Roles.Editor);
        // The test client talks plain http to the test server, where a cookie container would keep a Secure cookie back.
        var client = site.CreateDefaultClient(new CookiesOverPlainHttp());
        client.DefaultRequestHeaders.Add(NashirFactory.PeerHeader, peer);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var page = await client.GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));
        using var signedIn = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password));

        Assert.StartsWith(https ? "https://localhost/" : "http://localhost/", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("nashir.auth=", StringComparison.Ordinal));
        Assert.Equal(https, cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Nashir:Proxy:KnownProxies:0", "10.0.0.300")]
    [InlineData("Nashir:Proxy:KnownNetworks:0", "10.0.0.0/33")]
    public void A_proxy_setting_that_is_not_an_address_stops_the_start(string key, string value)
    {
        using var site = new NashirFactory().With(key, value);

        var error = Assert.ThrowsAny<Exception>(() => site.CreateReader());

        Assert.Contains(key[..key.LastIndexOf(':')], error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Sends back every cookie the site set, Secure or not, as the browser behind a TLS proxy would.</summary>
    private sealed class CookiesOverPlainHttp : DelegatingHandler
    {
        private readonly Dictionary<string, string> _cookies = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_cookies.Count > 0)
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var pair in setCookies.Select(c => c.Split(';', 2)[0].Split('=', 2)))
                    _cookies[pair[0]] = pair[1];
            }

            return response;
        }
    }
}
