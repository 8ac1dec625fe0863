using Nashir.Search;

namespace Nashir.Tests.Search;

/// <summary>The combined analysis used for dek and body: stems for words, "=word" beside them for exact phrases.</summary>
public sealed class CombinedFieldTests
{
    [Fact]
    public void Stems_and_exact_forms_share_positions_and_stop_words_keep_only_their_exact_form()
    {
        Assert.Equal(["=في", "قدس", "=القدس", "حكوم", "=والحكومه", "هجوم"],
            NashirArabicAnalyzer.CreateCombined().Terms("في القدسِ والحكومة هجوم"));
    }

    [Theory]
    [InlineData("في")]
    [InlineData("القدس")]
    [InlineData("هجوم")]
    [InlineData("والحكومة")]
    [InlineData("الإرهابيّة")]
    [InlineData("2018")]
    [InlineData("٢٠١٨")]
    public void The_exact_term_a_phrase_asks_for_is_the_one_the_index_holds(string word)
    {
        var normalized = NashirArabicAnalyzer.CreateUnstemmed().Terms(word).Single();
        Assert.Contains(NashirArabicAnalyzer.ExactTerm(normalized), NashirArabicAnalyzer.CreateCombined().Terms(word));
    }
}
