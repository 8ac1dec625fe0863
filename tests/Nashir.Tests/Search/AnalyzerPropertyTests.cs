using CsCheck;
using Nashir.Arabic.Tests;
using Nashir.Search;

namespace Nashir.Tests.Search;

/// <summary>
/// The search analyzer over generated text: any input is analyzed without an exception, and every spelling a writer may
/// use for a phrase gives the phrase's own terms, stemmed or not (CsCheck_Seed replays a failure, CsCheck_Iter searches
/// longer).
/// </summary>
public sealed class AnalyzerPropertyTests
{
    private static readonly NashirArabicAnalyzer[] Analyzers =
        [NashirArabicAnalyzer.CreateStemmed(), NashirArabicAnalyzer.CreateUnstemmed(), NashirArabicAnalyzer.CreateCombined()];

    private static long Iter => Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? 500 : Check.Iter;

    [Fact]
    public void Any_text_is_analyzed_without_an_exception() =>
        TextGen.AnyText.Sample(text =>
        {
            foreach (var analyzer in Analyzers)
                Assert.All(analyzer.Terms(text), term => Assert.NotEqual("", term));
        }, iter: Iter);

    [Fact]
    public void Every_spelling_of_a_phrase_gives_the_phrase_terms() =>
        TextGen.Spellings.Sample((plain, typed) =>
        {
            foreach (var analyzer in Analyzers)
                Assert.Equal(analyzer.Terms(plain), analyzer.Terms(typed));
        }, iter: Iter);
}
