using CsCheck;
using Nashir.Articles;

namespace Nashir.Tests.Articles;

/// <summary>
/// The sanitizer over generated markup: fragments of hostile payloads, tags and attributes (allowed and not, closed or
/// not), entities and text, in any order. A failure is shrunk to a small input and printed with its seed
/// (CsCheck_Seed replays it, CsCheck_Iter searches longer).
/// </summary>
public sealed class BodySanitizerPropertyTests
{
    private static readonly BodySanitizer Sanitizer = new();

    private static long Iter => Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? 300 : Check.Iter;

    private static readonly string[] TagNames =
    [
        "p", "a", "img", "iframe", "span", "strong", "h2", "li", "ul", "blockquote", "table", "td", "figure", "bdi",
        "script", "style", "svg", "math", "object", "embed", "form", "input", "button", "base", "meta", "link", "template",
        "noscript", "textarea", "title", "xmp", "details", "video", "audio", "source", "frameset", "body", "html", "select",
    ];

    private static readonly string[] AttributeTexts =
    [
        " href=\"https://example.com/x\"", " href=javascript:alert(1)", " href=\" JaVaScRiPt:alert(1)\"",
        " href=\"java&#x09;script:alert(1)\"", " href=\"&#106;avascript:alert(1)\"", " href=\"&#x6A;avascript&colon;alert(1)\"",
        " href=\"vbscript:x\"", " href=\"data:text/html,<script>alert(1)</script>\"", " href=\"//evil.example\"",
        " src=x", " src=\"https://www.youtube.com/embed/x\"", " src=\"javascript:alert(1)\"", " src=\"http://t.me/x\"",
        " onerror=alert(1)", " onclick=\"alert(1)\"", " OnMouseOver=alert(1)", " onload=alert`1`", " style=\"x:expression(alert(1))\"",
        " srcdoc=\"<script>alert(1)</script>\"", " formaction=javascript:alert(1)", " xlink:href=javascript:alert(1)",
        " dir=ltr", " dir=auto", " class=twitter-tweet", " title=\"\u202Eعنوان\"", " cite=javascript:alert(1)", " lang=ar",
        " data-x=1", " background=javascript:alert(1)", " action=javascript:alert(1)", " allowfullscreen", " width=100",
        " =x", " \"\"\"", " '", " /", " href", " src=\"", " on", "=",
    ];

    private static readonly Gen<string> Fragment = Gen.Frequency(
        (3, Gen.OneOf(BodySanitizerTests.Payloads.Select(p => (string)p.Data).ToArray())),
        (6, Gen.Select(Gen.OneOf(TagNames), Gen.OneOf(AttributeTexts).Array[0, 3], Gen.OneOf(">", "/>", " >", "", ">"),
            (tag, attributes, end) => "<" + tag + string.Concat(attributes) + end)),
        (4, Gen.OneOf(TagNames).Select(tag => "</" + tag + ">")),
        (5, Gen.OneOf("خبر", "عاجل", "قال الوزير", "BBC", "news", " ", "\n", "١٢", "2024")),
        (2, Gen.OneOf("&lt;", "&amp;", "&#x3C;script&#x3E;", "&#x202E;", "&nbsp;", "&", "<", ">", "\"", "'", "`")),
        (1, Gen.OneOf("<!--", "-->", "<!-- x -->", "<![CDATA[", "]]>", "<?xml?>", "<!DOCTYPE html>", "</", "<<", "\0")));

    private static readonly Gen<string> Markup = Fragment.Array[0, 30].Select(parts => string.Concat(parts));

    /// <summary>Text with no markup characters: what a writer types in plain words.</summary>
    private static readonly Gen<string> PlainText = Gen.Frequency(
            (6, Gen.Char[TextGenLetters].Select(c => c.ToString())),
            (2, Gen.OneOf(" ", "  ", "\n", "\t", "، ", ". ", "؟", "!", "(", ")", "«", "»", "-", ":", "\"", "'", "/", "%", "=")),
            (1, Gen.Char['\u064B', '\u0652'].Select(c => c.ToString())),
            (1, Gen.OneOf("😀", "١٢٣", "2024", "e\u0301", "ﻻ")))
        .Array[1, 60]
        .Select(parts => string.Concat(parts));

    private const string TextGenLetters = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةى" + "abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789";

    [Fact]
    public void Nothing_the_sanitizer_returns_can_run_script_whatever_markup_goes_in() =>
        Markup.Sample(html => BodySanitizerTests.AssertNothingCanRun(Sanitizer.Sanitize(html)), iter: Iter);

    [Fact]
    public void Sanitizing_a_sanitized_body_changes_nothing() =>
        Markup.Sample(html =>
        {
            var once = Sanitizer.Sanitize(html);
            Assert.Equal(once, Sanitizer.Sanitize(once));
        }, iter: Iter);

    [Fact]
    public void Plain_text_keeps_every_character_a_reader_sees() =>
        PlainText.Sample(text =>
        {
            var clean = Sanitizer.Sanitize(text);
            Assert.Equal(text.Trim(), Html.Parse($"<body>{clean}</body>").Body!.TextContent);
        }, iter: Iter);
}
