using Nashir.Search;

namespace Nashir.Tests.Search;

/// <summary>Snippets: matches marked on the original spelling, a window around the first match, text encoded.</summary>
public sealed class PassageTests
{
    private static readonly Lucene.Net.Analysis.Analyzer Analyzer = SearchFields.CreateAnalyzer();
    private static readonly HashSet<string> Terrorist = [.. NashirArabicAnalyzer.CreateStemmed().Terms("الارهابيه")];

    [Fact]
    public void The_headline_is_marked_where_the_original_spelling_differs_from_the_query()
    {
        Assert.Equal("هجوم <mark>الإرهابيّة</mark> &lt;b&gt;", Passage.MarkAll(Analyzer, SearchFields.Headline, "هجوم الإرهابيّة <b>", Terrorist));
        Assert.Null(Passage.MarkAll(Analyzer, SearchFields.Headline, "خبر آخر", Terrorist));
    }

    [Fact]
    public void A_long_body_gives_a_window_around_the_first_match_cut_at_word_boundaries()
    {
        var filler = string.Join(' ', Enumerable.Repeat("كلمة", 200));
        var body = filler + " ثم وقع الهجوم الإرهابي قرب الميناء " + filler + " والإرهابيون فروا";

        var snippet = Passage.Around(Analyzer, SearchFields.Body, body, Terrorist, 200)!;

        Assert.StartsWith("… ", snippet, StringComparison.Ordinal);
        Assert.EndsWith(" …", snippet, StringComparison.Ordinal);
        Assert.Contains("الهجوم <mark>الإرهابي</mark> قرب", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("فروا", snippet, StringComparison.Ordinal);
        Assert.InRange(snippet.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal).Length, 100, 210);
    }

    [Fact]
    public void A_short_body_is_shown_whole_with_every_match_marked()
    {
        Assert.Equal("<mark>الإرهاب</mark> <mark>والإرهابيون</mark>",
            Passage.Around(Analyzer, SearchFields.Body, "الإرهاب والإرهابيون", Terrorist, 200));
    }
}
