namespace Nashir.Arabic.Tests;

public class ArabicDigitsTests
{
    [Theory]
    [InlineData("2024", "٢٠٢٤")]
    [InlineData("0123456789", "٠١٢٣٤٥٦٧٨٩")]
    [InlineData("الساعة 23:29", "الساعة ٢٣:٢٩")]
    [InlineData("قمة G20", "قمة G٢٠")]
    [InlineData("بلا أرقام", "بلا أرقام")]
    [InlineData("", "")]
    public void Western_digits_become_arabic_indic_and_nothing_else_changes(string input, string expected) =>
        Assert.Equal(expected, ArabicDigits.ToArabicIndic(input));

    [Theory]
    [InlineData("٠١٢٣٤٥٦٧٨٩", "0123456789")]
    [InlineData("۰۱۲۳۴۵۶۷۸۹", "0123456789")]
    [InlineData("عام ٢٠٢٤", "عام 2024")]
    [InlineData("٣٫٥", "3.5")]
    [InlineData("١٬٠٠٠", "1,000")]
    [InlineData("2024 و٢٠٢٥", "2024 و2025")]
    [InlineData("", "")]
    public void Arabic_indic_and_persian_digits_and_separators_fold_to_western(string input, string expected) =>
        Assert.Equal(expected, ArabicDigits.ToWestern(input));

    [Fact]
    public void Text_without_digits_is_returned_as_the_same_instance()
    {
        var text = "لا أرقام هنا";
        Assert.Same(text, ArabicDigits.ToWestern(text));
        Assert.Same(text, ArabicDigits.ToArabicIndic(text));
    }

    [Theory]
    [InlineData("٢٠٢٤ و2025", DigitStyle.Western, "2024 و2025")]
    [InlineData("٢٠٢٤ و2025", DigitStyle.ArabicIndic, "٢٠٢٤ و٢٠٢٥")]
    [InlineData("23:29", DigitStyle.ArabicIndic, "٢٣:٢٩")]
    [InlineData("23:29", DigitStyle.Western, "23:29")]
    public void Apply_renders_all_digits_in_the_requested_style(string input, DigitStyle style, string expected) =>
        Assert.Equal(expected, ArabicDigits.Apply(input, style));

    [Theory]
    [InlineData(0L, DigitStyle.Western, "0")]
    [InlineData(0L, DigitStyle.ArabicIndic, "٠")]
    [InlineData(1446L, DigitStyle.ArabicIndic, "١٤٤٦")]
    [InlineData(1234567L, DigitStyle.Western, "1234567")]
    [InlineData(1234567L, DigitStyle.ArabicIndic, "١٢٣٤٥٦٧")]
    [InlineData(-42L, DigitStyle.ArabicIndic, "-٤٢")]
    [InlineData(long.MinValue, DigitStyle.Western, "-9223372036854775808")]
    public void Format_writes_invariant_digits_without_grouping(long n, DigitStyle style, string expected) =>
        Assert.Equal(expected, ArabicDigits.Format(n, style));

    [Fact]
    public void Unknown_digit_style_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ArabicDigits.Format(1, (DigitStyle)7));

    [Fact]
    public void Null_text_throws()
    {
        Assert.Throws<ArgumentNullException>(() => ArabicDigits.ToWestern(null!));
        Assert.Throws<ArgumentNullException>(() => ArabicDigits.ToArabicIndic(null!));
    }
}
