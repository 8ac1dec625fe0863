namespace Nashir.Arabic.Tests;

public class TextDirectionTests
{
    [Theory]
    [InlineData("BBC نقلت عن مصادر مطلعة أن المفاوضات ستستأنف في 12 يناير.")]
    [InlineData("CNN وBBC وAFP نقلت الخبر.")]
    [InlineData("قال الوزير إن الاتفاق «جيد».")]
    [InlineData("iPhone 16 يصل إلى الأسواق العربية")]
    [InlineData("مُحَمَّدٌ")]
    public void Arabic_paragraphs_are_right_to_left_whatever_their_first_letter(string text) =>
        Assert.Equal(Direction.RightToLeft, TextDirection.Of(text));

    [Theory]
    [InlineData("The minister said the deal was good, according to الجزيرة.")]
    [InlineData("الجزيرة: The minister said the deal was good.")]
    [InlineData("iPhone")]
    [InlineData("Ελληνικά και")]
    public void Mostly_latin_paragraphs_are_left_to_right_whatever_their_first_letter(string text) =>
        Assert.Equal(Direction.LeftToRight, TextDirection.Of(text));

    [Theory]
    [InlineData("")]
    [InlineData("2024")]
    [InlineData("١٢ – ٣٤٥")]
    [InlineData("… ! ؟ ،")]
    public void Text_without_letters_is_neutral(string text)
    {
        Assert.Equal(Direction.Neutral, TextDirection.Of(text));
        Assert.Null(TextDirection.DirAttribute(text));
    }

    [Fact]
    public void A_tie_stays_right_to_left() => Assert.Equal(Direction.RightToLeft, TextDirection.Of("abc ابت"));

    [Fact]
    public void Vowel_marks_and_digits_do_not_count_as_letters() =>
        Assert.Equal(Direction.LeftToRight, TextDirection.Of("ab \u064E\u064F\u0650 ١٢٣٤"));

    [Fact]
    public void Hebrew_and_letters_beyond_the_bmp_count_by_their_script()
    {
        Assert.Equal(Direction.RightToLeft, TextDirection.Of("שלום a"));
        Assert.Equal(Direction.RightToLeft, TextDirection.Of("\U0001E900\U0001E901 a")); // Adlam
        Assert.Equal(Direction.LeftToRight, TextDirection.Of("\U0001D400\U0001D401 ب")); // mathematical bold letters
    }
}
