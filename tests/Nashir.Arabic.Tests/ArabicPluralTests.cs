namespace Nashir.Arabic.Tests;

public class ArabicPluralTests
{
    private static readonly PluralForms Comments = new("تعليق", "تعليقان", "تعليقات", "تعليقاً");
    private static readonly PluralForms Minutes = new("دقيقة", "دقيقتان", "دقائق", "دقيقة");

    [Theory]
    [InlineData(0L, "0 تعليق")]
    [InlineData(1L, "تعليق")]
    [InlineData(2L, "تعليقان")]
    [InlineData(3L, "3 تعليقات")]
    [InlineData(10L, "10 تعليقات")]
    [InlineData(11L, "11 تعليقاً")]
    [InlineData(99L, "99 تعليقاً")]
    [InlineData(100L, "100 تعليق")]
    [InlineData(101L, "101 تعليق")]
    [InlineData(102L, "102 تعليق")]
    [InlineData(103L, "103 تعليقات")]
    [InlineData(110L, "110 تعليقات")]
    [InlineData(111L, "111 تعليقاً")]
    [InlineData(200L, "200 تعليق")]
    [InlineData(1000L, "1000 تعليق")]
    [InlineData(1011L, "1011 تعليقاً")]
    public void Counted_noun_follows_the_last_two_digits(long n, string expected) =>
        Assert.Equal(expected, ArabicPlural.Count(n, Comments));

    [Theory]
    [InlineData(1L, "دقيقة")]
    [InlineData(2L, "دقيقتان")]
    [InlineData(3L, "3 دقائق")]
    [InlineData(11L, "11 دقيقة")]
    [InlineData(101L, "101 دقيقة")]
    [InlineData(103L, "103 دقائق")]
    [InlineData(111L, "111 دقيقة")]
    [InlineData(200L, "200 دقيقة")]
    public void Feminine_noun_in_taa_marbuta_takes_the_forms_the_caller_passes(long n, string expected) =>
        Assert.Equal(expected, ArabicPlural.Count(n, Minutes));

    [Theory]
    [InlineData(5L, "٥ تعليقات")]
    [InlineData(25L, "٢٥ تعليقاً")]
    [InlineData(1000L, "١٠٠٠ تعليق")]
    public void Count_writes_the_number_in_the_requested_digits(long n, string expected) =>
        Assert.Equal(expected, ArabicPlural.Count(n, Comments, DigitStyle.ArabicIndic));

    [Theory]
    [InlineData(0L, ArabicPluralCategory.Zero)]
    [InlineData(1L, ArabicPluralCategory.One)]
    [InlineData(2L, ArabicPluralCategory.Two)]
    [InlineData(3L, ArabicPluralCategory.Few)]
    [InlineData(110L, ArabicPluralCategory.Few)]
    [InlineData(11L, ArabicPluralCategory.Many)]
    [InlineData(199L, ArabicPluralCategory.Many)]
    [InlineData(101L, ArabicPluralCategory.Other)]
    [InlineData(102L, ArabicPluralCategory.Other)]
    [InlineData(300L, ArabicPluralCategory.Other)]
    public void Category_matches_cldr_rules_for_arabic(long n, ArabicPluralCategory expected) =>
        Assert.Equal(expected, ArabicPlural.Category(n));

    [Fact]
    public void Negative_count_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ArabicPlural.Count(-1, Comments));

    [Fact]
    public void Missing_forms_throw() =>
        Assert.Throws<ArgumentNullException>(() => ArabicPlural.Count(3, null!));
}
