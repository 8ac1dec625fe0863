using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Tests.Wire;

namespace Nashir.Tests.Articles;

/// <summary>
/// Markup nested absurdly deep (the sanitizer's time grows with the square of the depth) is refused in the editor, where
/// someone can be told, and flattened below the limit for agency copy, with every word kept.
/// </summary>
public sealed class BodyNestingTests
{
    private const int Hostile = 100_000;

    private static string Nested(int depth, string text) =>
        string.Concat(Enumerable.Repeat("<span>", depth)) + text + string.Concat(Enumerable.Repeat("</span>", depth));

    [Fact]
    public async Task A_body_nested_a_hundred_thousand_deep_is_refused_in_the_editor_with_an_arabic_message()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);

        using var refused = await editor.SubmitFormAsync("/newsroom/articles/new", "#article-form",
            ("Headline", "خبر بتنسيق متداخل"), ("Body", "<p>" + Nested(Hostile, "نص الخبر") + "</p>"), ("action", "publish"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"متداخل أكثر من {BodySanitizer.MaxDepth} مستوى", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await site.WithDbAsync(db => db.Articles.CountAsync()));

        // Deep but within the limit is a body like any other: saved as written.
        using var saved = await editor.SubmitFormAsync("/newsroom/articles/new", "#article-form",
            ("Headline", "خبر بتنسيق عميق"), ("Body", "<p>" + Nested(BodySanitizer.MaxDepth - 1, "نص الخبر") + "</p>"), ("action", "publish"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var body = await site.WithDbAsync(db => db.Articles.Select(a => a.Body).SingleAsync());
        Assert.Equal(BodySanitizer.MaxDepth, Depth(body));
    }

    [Fact]
    public async Task Agency_copy_nested_a_hundred_thousand_deep_is_flattened_below_the_limit_keeping_its_text()
    {
        await using var stub = await StubAgency.StartAsync();
        var rss = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>وكالة</title>
            <link>https://agency.example/</link><description>أخبار</description>
            <item><guid isPermaLink="false">deep-1</guid><title>خبر متداخل</title><link>https://agency.example/1</link>
            <pubDate>Tue, 01 Oct 2024 07:30:00 GMT</pubDate>
            <content:encoded><![CDATA[<p>البداية {Nested(Hostile, "نص الوكالة كاملاً")} والنهاية</p>]]></content:encoded></item>
            <item><guid isPermaLink="false">deep-2</guid><title>خبر متداخل قليلاً</title><link>https://agency.example/2</link>
            <pubDate>Tue, 01 Oct 2024 07:31:00 GMT</pubDate>
            <content:encoded><![CDATA[<p>البداية {Nested(BodySanitizer.MaxDepth + 50, "نص <b>الوكالة</b> كاملاً")} والنهاية</p>]]></content:encoded></item>
            </channel></rss>
            """;
        using var site = WireSites.WithFeed(stub.ServeText("deep", rss, "application/rss+xml; charset=utf-8"), "rss")
            .With("Nashir:Wire:MaxResponseBytes", "4000000");

        Assert.True((await site.PollAsync()).Succeeded);

        var items = await site.WireItemsAsync();
        Assert.Equal(2, items.Count);
        Assert.All(items, item =>
        {
            Assert.InRange(Depth(item.Body), 1, BodySanitizer.MaxDepth);
            Assert.Equal("البداية نص الوكالة كاملاً والنهاية", Html.Parse(item.Body).Body!.TextContent);
        });
        // Below the limit the words stay and the markup goes (the bold was 300 levels down).
        Assert.DoesNotContain("<b>", items[1].Body, StringComparison.Ordinal);
    }

    /// <summary>How many elements deep the body goes, counted without recursion.</summary>
    private static int Depth(string html)
    {
        var max = 0;
        var stack = new Stack<(IElement Element, int Depth)>();
        foreach (var child in Html.Parse(html).Body!.Children)
            stack.Push((child, 1));
        while (stack.TryPop(out var current))
        {
            max = Math.Max(max, current.Depth);
            foreach (var child in current.Element.Children)
                stack.Push((child, current.Depth + 1));
        }
        return max;
    }
}
