using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace Nashir.BrowserTests;

/// <summary>
/// The web fonts as a reader's browser meets them: preloaded from every reader page, declared in fonts.css with
/// font-display: swap and a unicode-range per subset at the very addresses the preloads name, and served as
/// font/woff2 under a fingerprint that lets caches keep them for a year.
/// </summary>
[Collection(nameof(DemoPagesCollection))]
public sealed partial class SelfHostedFontTests(DemoPages pages)
{
    private const string YearImmutable = "public, max-age=31536000, immutable";

    [Fact]
    public async Task Fonts_are_preloaded_declared_with_swap_and_served_as_woff2_cached_for_a_year()
    {
        SkipUnlessFontsInstalled();
        var ct = TestContext.Current.CancellationToken;
        using var client = pages.CreateReader();
        var head = new HtmlParser().ParseDocument(pages["article"].Html).Head!;

        var preloads = head.QuerySelectorAll("link[rel=preload][as=font]").ToList();
        Assert.Equal(2, preloads.Count);
        Assert.All(preloads, link =>
        {
            Assert.Equal("font/woff2", link.GetAttribute("type"));
            Assert.True(link.HasAttribute("crossorigin"), "A font preload without crossorigin is fetched twice.");
            Assert.Matches(@"^/fonts/[a-z0-9-]+\.woff2\?v=[A-Za-z0-9_-]{43}$", link.GetAttribute("href"));
        });
        var stylesheet = head.QuerySelector("link[rel=stylesheet][href^='/css/fonts.css']")!.GetAttribute("href")!;
        Assert.Matches(@"\?v=[A-Za-z0-9_-]{43}$", stylesheet);

        using var cssResponse = await client.GetAsync(stylesheet, ct);
        Assert.Equal(HttpStatusCode.OK, cssResponse.StatusCode);
        Assert.Equal("text/css", cssResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal(YearImmutable, cssResponse.Headers.CacheControl?.ToString());
        var css = await cssResponse.Content.ReadAsStringAsync(ct);
        var faces = FontFace().Matches(css).Select(m => m.Value).ToList();
        Assert.Equal(8, faces.Count);
        Assert.All(faces, face =>
        {
            Assert.Contains("font-display: swap;", face, StringComparison.Ordinal);
            Assert.Contains("unicode-range: U+", face, StringComparison.Ordinal);
        });
        // fonts.css sits in /css/: its ../fonts/ addresses are the preloads' /fonts/ ones, fingerprint included.
        var declared = FontUrl().Matches(css).Select(m => "/" + m.Groups[1].Value).ToList();
        Assert.All(preloads, link => Assert.Contains(link.GetAttribute("href")!, declared));

        foreach (var url in declared)
        {
            using var response = await client.GetAsync(url, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("font/woff2", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(YearImmutable, response.Headers.CacheControl?.ToString());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("?v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_font_asked_for_without_its_current_fingerprint_is_not_cached_for_a_year(string query)
    {
        SkipUnlessFontsInstalled();
        using var client = pages.CreateReader();

        using var response = await client.GetAsync("/fonts/noto-naskh-arabic-arabic-400-normal.woff2" + query, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.CacheControl);
        Assert.NotNull(response.Headers.ETag);
    }

    private static void SkipUnlessFontsInstalled() =>
        Assert.SkipUnless(Directory.Exists(Repo.PathTo("node_modules", "@fontsource", "noto-naskh-arabic")),
            $"The web fonts come from npm: run `npm ci` in {Repo.Root}, then `dotnet build`.");

    [GeneratedRegex(@"@font-face\s*\{[^}]*\}")]
    private static partial Regex FontFace();

    [GeneratedRegex(@"url\(""\.\./([^""]+)""\)")]
    private static partial Regex FontUrl();
}
