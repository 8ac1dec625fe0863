namespace Nashir.Tests.Feeds;

/// <summary>
/// Plain text (a dek, an SEO description, the body's first words, the tagline) reaches every feed reader as that text.
/// RSS readers take <c>&lt;description&gt;</c> as HTML; Atom says what its text is (<c>type="text"</c>).
/// </summary>
public sealed class FeedTextTests
{
    private const string Dek = "قال <b>x</b> & <img src=x onerror=alert(1)> إن 3 < 5 و&amp; ليست كلمة";
    private const string Tagline = "أخبار <i>اليمن</i> & العالم";

    [Fact]
    public async Task Markup_typed_as_text_in_a_dek_is_shown_as_text_by_rss_and_atom_readers()
    {
        using var site = new NashirFactory().With("Nashir:Tagline", Tagline);
        await site.PublishAsync("خبر بملخص", new DateTime(2024, 9, 30, 0, 0, 0, DateTimeKind.Utc), configure: a => a.Dek = Dek);
        await site.PublishAsync("خبر بوصف لمحركات البحث", new DateTime(2024, 9, 30, 1, 0, 0, DateTimeKind.Utc), configure: a => a.SeoDescription = Dek);
        // No dek: the summary is the body's first words, as text, so "&lt;b&gt;" in the body is the text "<b>".
        await site.PublishAsync("خبر بلا ملخص", new DateTime(2024, 9, 30, 2, 0, 0, DateTimeKind.Utc), body: "<p>قال &lt;b&gt;x&lt;/b&gt; &amp; 3 &lt; 5</p>");
        var reader = site.CreateReader();

        var rss = await reader.GetFeedAsync("/feed");
        Assert.Equal(["قال <b>x</b> & 3 < 5", Dek, Dek], rss.Items.Select(i => AsRssReaderShows(i.Summary.Text)));
        Assert.Equal(Tagline, AsRssReaderShows(rss.Description.Text));

        var atom = await reader.GetFeedAsync("/feed/atom");
        Assert.Equal(["قال <b>x</b> & 3 < 5", Dek, Dek], atom.Items.Select(i => i.Summary.Text));
        Assert.All(atom.Items, i => Assert.Equal("text", i.Summary.Type));
        Assert.Equal(Tagline, atom.Description.Text);
    }

    /// <summary>What a feed reader shows for an RSS description: it is HTML, so this renders it and keeps the text; no element may come out of it.</summary>
    private static string AsRssReaderShows(string description)
    {
        var body = Html.Parse("<body>" + description + "</body>").Body!;
        Assert.Empty(body.Children);
        return body.TextContent;
    }
}
