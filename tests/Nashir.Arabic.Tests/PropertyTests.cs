using System.Globalization;
using System.Text;
using CsCheck;

namespace Nashir.Arabic.Tests;

/// <summary>
/// Properties of slugs and of the matching normalization over generated text (CsCheck: a failure is shrunk to a small
/// input and printed with its seed). Iterations stay modest (<see cref="Iter"/>) so the suite's time barely moves; set
/// CsCheck_Iter to search longer, and CsCheck_Seed to replay a printed failure.
/// </summary>
public sealed class PropertyTests
{
    /// <summary>1,000 inputs a property (a second or two for all of them), or CsCheck_Iter when it is set.</summary>
    internal static long Iter => Environment.GetEnvironmentVariable("CsCheck_Iter") is null ? 1_000 : Check.Iter;

    [Fact]
    public void A_slug_is_letters_digits_and_single_hyphens_in_NFC_within_its_length_and_never_cuts_a_character() =>
        Gen.Select(TextGen.AnyText, Gen.Int[1, 100]).Sample((text, max) =>
        {
            var slug = Slugs.Slugify(text, max);

            Assert.True(slug.Length <= max, $"{slug.Length} > {max}");
            Assert.True(slug.IsNormalized(NormalizationForm.FormC), "not NFC: " + Escape(slug));
            Assert.False(slug.StartsWith('-') || slug.EndsWith('-') || slug.Contains("--", StringComparison.Ordinal), Escape(slug));
            for (var i = 0; i < slug.Length; i++)
            {
                Assert.False(char.IsHighSurrogate(slug[i]) && (i + 1 == slug.Length || !char.IsLowSurrogate(slug[i + 1])), "cut pair: " + Escape(slug));
                Assert.False(char.IsLowSurrogate(slug[i]) && (i == 0 || !char.IsHighSurrogate(slug[i - 1])), "cut pair: " + Escape(slug));
            }
            foreach (var rune in slug.EnumerateRunes())
                Assert.True(rune.Value == '-' || IsSlugCategory(Rune.GetUnicodeCategory(rune)), "unexpected " + Escape(rune.ToString()));
            Assert.Equal(Escape(slug.ToLowerInvariant()), Escape(slug));
        }, iter: Iter);

    [Fact]
    public void Slugifying_a_slug_changes_nothing() =>
        Gen.Select(TextGen.AnyText, Gen.Int[1, 100]).Sample((text, max) =>
        {
            var slug = Slugs.Slugify(text, max);
            Assert.Equal(Escape(slug), Escape(Slugs.Slugify(slug, max)));
        }, iter: Iter);

    [Fact]
    public void An_arabic_headline_always_has_a_slug() =>
        TextGen.ArabicHeadline.Sample(headline => Assert.NotEqual("", Slugs.Slugify(headline)), iter: Iter);

    [Fact]
    public void Matching_normalization_never_throws_and_normalizing_twice_changes_nothing() =>
        TextGen.AnyText.Sample(text =>
        {
            var once = ArabicText.NormalizeForMatching(text);
            Assert.Equal(Escape(once), Escape(ArabicText.NormalizeForMatching(once)));
        }, iter: Iter);

    [Fact]
    public void Every_spelling_of_a_phrase_has_the_phrase_as_its_matching_key() =>
        TextGen.Spellings.Sample((plain, typed) =>
        {
            Assert.Equal(plain, ArabicText.NormalizeForMatching(plain));
            Assert.Equal(plain, ArabicText.NormalizeForMatching(typed));
        }, iter: Iter);

    [Fact]
    public void Cleaning_user_text_never_throws_and_cleaning_twice_changes_nothing() =>
        TextGen.AnyText.Sample(text =>
        {
            var line = ArabicText.CleanUserLine(text);
            Assert.Equal(Escape(line), Escape(ArabicText.CleanUserLine(line)));
            var block = ArabicText.CleanUserText(text);
            Assert.Equal(Escape(block), Escape(ArabicText.CleanUserText(block)));
        }, iter: Iter);

    private static bool IsSlugCategory(UnicodeCategory category) => category is UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>The text with every character outside printable ASCII as \uXXXX, so a failure shows what is there.</summary>
    internal static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            sb.Append(c is >= ' ' and <= '~' ? c.ToString() : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
        return sb.ToString();
    }
}
