using Nashir.Articles;

namespace Nashir.Tests.Articles;

public sealed class BodySanitizerTests
{
    private static readonly BodySanitizer Sanitizer = new();

    /// <summary>Vectors in the style of the OWASP XSS filter evasion cheat sheet.</summary>
    public static TheoryData<string> Payloads =>
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=javascript:alert('XSS')>",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
        "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
        "<IMG SRC=\"jav\tascript:alert('XSS');\">",
        "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
        "<a href=\"javascript:alert(1)\">انقر</a>",
        "<a href=\"JAVASCRIPT:alert(1)\">انقر</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<svg/onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<body onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<input onfocus=alert(1) autofocus>",
        "<details open ontoggle=alert(1)>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p style=\"expression(alert(1))\">x</p>",
        "<style>@import 'http://evil.example/x.css';</style>",
        "<link rel=stylesheet href=\"http://evil.example/x.css\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<p onclick=\"alert(1)\">نص</p>",
        "<a href=\"#\" onmouseover=\"alert(1)\">x</a>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
        "<img \"\"\"><script>alert(1)</script>\">",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
        "<blockquote cite=\"javascript:alert(1)\">x</blockquote>",
        "<p data-x=\"1\" onauxclick=alert(1)>x</p>",
        "<template><script>alert(1)</script></template>",
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Hostile_markup_loses_everything_that_can_run(string payload)
    {
        var clean = Sanitizer.Sanitize($"<p>قبل</p>{payload}<p>بعد</p>");

        AssertNothingCanRun(clean);
        Assert.Contains("قبل", clean, StringComparison.Ordinal);
        Assert.Contains("بعد", clean, StringComparison.Ordinal);
    }

    /// <summary>
    /// What a browser would build from <paramref name="clean"/> has no element, attribute or URL that runs script,
    /// loads a style or frames anything but an allowed embed.
    /// </summary>
    internal static void AssertNothingCanRun(string clean)
    {
        var document = Html.Parse($"<body>{clean}</body>");

        Assert.Empty(document.QuerySelectorAll("script, style, object, embed, form, input, base, meta, link, template, svg, math"));
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{attribute.Name} kept in {clean}");
                Assert.NotEqual("style", attribute.Name);
                Assert.NotEqual("srcdoc", attribute.Name);
                var value = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
                Assert.False(value.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"javascript: URL kept in {clean}");
                Assert.False(value.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase), $"vbscript: URL kept in {clean}");
                Assert.False(value.StartsWith("data:", StringComparison.OrdinalIgnoreCase), $"data: URL kept in {clean}");
            }
        }
        Assert.All(document.QuerySelectorAll("iframe"), f => Assert.True(BodySanitizer.IsAllowedEmbed(f.GetAttribute("src"))));
    }

    [Fact]
    public void Each_block_gets_the_direction_of_most_of_its_letters_not_of_its_first()
    {
        var clean = Sanitizer.Sanitize(
            "<p dir=\"auto\">BBC نقلت عن مصادر مطلعة في 12 يناير.</p>"
            + "<p>The minister said, according to الجزيرة, that talks resume.</p>"
            + "<h2 dir=\"ltr\">CNN: قمة الرياض</h2>"
            + "<ul><li>Reuters</li><li>رويترز AFP</li></ul>"
            + "<blockquote dir=\"auto\"><p>Hello world</p></blockquote>"
            + "<p dir=\"rtl\">2024 – 12</p>");

        var blocks = Html.Parse($"<body>{clean}</body>").QuerySelectorAll("p, h2, li, blockquote").Select(e => e.GetAttribute("dir")).ToList();
        Assert.Equal(["rtl", "ltr", "rtl", "ltr", "rtl", "ltr", "ltr", null], blocks);
    }

    [Fact]
    public void Bodies_saved_before_get_their_directions_when_read_and_newer_ones_are_left_as_they_are()
    {
        var old = BodySanitizer.WithDirections("<p dir=\"auto\">BBC نقلت الخبر.</p><p dir=\"auto\">Hello world</p>");
        Assert.Equal("<p dir=\"rtl\">BBC نقلت الخبر.</p><p dir=\"ltr\">Hello world</p>", old);
        Assert.Equal("<p dir=\"rtl\">نص</p><p dir=\"ltr\">Text</p>", BodySanitizer.WithDirections("<p>نص</p><p>Text</p>"));

        var saved = Sanitizer.Sanitize("<p>BBC نقلت الخبر.</p>");
        Assert.Same(saved, BodySanitizer.WithDirections(saved));
    }

    [Fact]
    public void Newsroom_markup_survives_with_direction_and_links()
    {
        var clean = Sanitizer.Sanitize("<h2 dir=\"auto\">عنوان فرعي</h2><p dir=\"auto\">نص <strong>مهم</strong> و<a href=\"https://example.org/a\">رابط</a></p><ul><li dir=\"auto\">بند</li></ul><blockquote dir=\"auto\">اقتباس</blockquote>");

        var document = Html.Parse($"<body>{clean}</body>");
        Assert.Equal("rtl", document.QuerySelector("p")!.GetAttribute("dir"));
        Assert.Equal("مهم", document.QuerySelector("p strong")!.TextContent);
        Assert.Equal("noopener nofollow", document.QuerySelector("a")!.GetAttribute("rel"));
        Assert.NotNull(document.QuerySelector("h2"));
        Assert.NotNull(document.QuerySelector("ul li"));
        Assert.NotNull(document.QuerySelector("blockquote"));
    }

    [Theory]
    [InlineData("https://www.youtube.com/embed/abc123", true)]
    [InlineData("https://www.youtube-nocookie.com/embed/abc123", true)]
    [InlineData("https://www.facebook.com/plugins/post.php?href=x", true)]
    [InlineData("https://t.me/channel/123?embed=1", true)]
    [InlineData("https://platform.twitter.com/embed/Tweet.html?id=1", true)]
    [InlineData("http://www.youtube.com/embed/abc123", false)]
    [InlineData("https://youtube.com.evil.example/embed", false)]
    [InlineData("https://evilyoutube.com/embed", false)]
    [InlineData("//www.youtube.com/embed/abc", false)]
    public void Embeds_come_only_from_the_allowlist_over_https(string src, bool kept)
    {
        var clean = Sanitizer.Sanitize($"<p>x</p><iframe src=\"{src}\"></iframe>");

        Assert.Equal(kept, clean.Contains("<iframe", StringComparison.Ordinal));
    }
}
