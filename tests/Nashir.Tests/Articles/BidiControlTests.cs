using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Media;
using Nashir.Tests.Wire;

namespace Nashir.Tests.Articles;

/// <summary>
/// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) reorder whatever follows them, so a pasted
/// U+202E can show a reader text other than what the newsroom wrote. None of them survives into any article field.
/// The marks (LRM U+200E, RLM U+200F, ALM U+061C) reorder nothing: one-line fields drop them as the headline always
/// has; the body keeps them, since editors use them to place punctuation beside Latin words and numbers.
/// </summary>
public sealed class BidiControlTests
{
    private const string Override = "\u202E";
    private const string Isolates = "\u2066\u2067\u2068\u2069";
    private const string Embeddings = "\u202A\u202B\u202C\u202D";

    private static bool HasFormatting(string? s) =>
        s is not null && s.Any(c => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'));

    [Fact]
    public async Task No_bidi_override_survives_in_any_field_of_an_article_saved_in_the_editor()
    {
        using var site = new NashirFactory();
        var image = await site.WithDbAsync(async db =>
        {
            var item = new MediaItem { Path = "2024/10/صورة", ContentType = "image/jpeg", Width = 1200, Height = 800 };
            db.Media.Add(item);
            await db.SaveChangesAsync();
            return item;
        });
        var editor = await site.SignInAsync(Roles.Editor);

        using var saved = await editor.SubmitFormAsync("/newsroom/articles/new", "#article-form",
            ("Headline", "عنوان" + Override + " الخبر"),
            ("Dek", "موجز " + Override + "gnp.exe" + Embeddings + " الخبر"),
            ("Byline", "نشر " + Isolates + "- وكالات"),
            ("Body", "<p>نص " + Override + "txt.exe الخبر\u200F (أ ف ب)</p><p><img src=\"https://example.org/a.jpg\" alt=\"صورة " + Override + "بديلة\" title=\"" + Isolates + "عنوان\"></p>"),
            ("LeadImageId", image.Id.ToString(CultureInfo.InvariantCulture)),
            ("LeadImageCaption", "تعليق " + Override + "الصورة"),
            ("LeadImageCredit", Isolates + "المصور"),
            ("LeadImageAlt", "نص " + Embeddings + "بديل"),
            ("SeoDescription", "وصف " + Override + "للمحركات"),
            ("action", "publish"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var article = await site.WithDbAsync(db => db.Articles.SingleAsync());
        Assert.Equal("موجز gnp.exe الخبر", article.Dek);
        Assert.Equal("نشر - وكالات", article.Byline);
        Assert.Equal("تعليق الصورة", article.LeadImageCaption);
        Assert.Equal("المصور", article.LeadImageCredit);
        Assert.Equal("نص بديل", article.LeadImageAlt);
        Assert.Equal("وصف للمحركات", article.SeoDescription);
        Assert.False(HasFormatting(article.Body), article.Body);
        Assert.Contains("الخبر\u200F (أ ف ب)", article.Body, StringComparison.Ordinal); // the mark stays in the body

        using var page = await site.CreateReader().GetAsync(NashirFactory.ArticlePath(article.Slug));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.False(HasFormatting(html), "the article page carries a bidi override");
    }

    [Fact]
    public async Task Agency_copy_reaches_the_wire_queue_without_bidi_overrides()
    {
        await using var stub = await StubAgency.StartAsync();
        var rss = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>وكالة</title>
            <link>https://agency.example/</link><description>أخبار</description>
            <item><guid isPermaLink="false">bidi-1</guid><title>عنوان {Override}الخبر</title><link>https://agency.example/1</link>
            <pubDate>Tue, 01 Oct 2024 07:30:00 GMT</pubDate>
            <description>ملخص {Override}gnp.exe{Isolates} الخبر</description>
            <content:encoded><![CDATA[<p title="{Override}x">نص{Embeddings} الوكالة&#x202E;‏ (أ ف ب)</p>]]></content:encoded></item>
            </channel></rss>
            """;
        using var site = WireSites.WithFeed(stub.ServeText("bidi", rss, "application/rss+xml; charset=utf-8"), "rss");

        Assert.True((await site.PollAsync()).Succeeded);

        var item = Assert.Single(await site.WireItemsAsync());
        Assert.Equal("عنوان الخبر", item.Headline);
        Assert.Equal("ملخص gnp.exe الخبر", item.Summary);
        Assert.Equal("<p title=\"x\" dir=\"rtl\">نص الوكالة\u200F (أ ف ب)</p>", item.Body);
    }
}
