namespace Nashir.Arabic;

// Dual is whichever case the sentence needs ("تعليقان" as a subject, "تعليقين" after a preposition): the caller knows, we do not.
// Accusative is the tamyeez form used for 11–99 ("11 تعليقاً"); feminine nouns in -ة usually spell it like the singular ("11 دقيقة").
public sealed record PluralForms(string Singular, string Dual, string Plural, string Accusative);

// The CLDR plural categories for Arabic, which decide the counted noun's form.
public enum ArabicPluralCategory
{
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

// The noun follows the number's last two digits, as CLDR and the grammar books agree:
//   1 and 2 alone drop the number ("تعليق", "تعليقان");
//   n % 100 in 3..10 takes the plural ("3 تعليقات", "103 تعليقات");
//   n % 100 in 11..99 takes the accusative singular ("11 تعليقاً", "111 تعليقاً");
//   everything else (100, 101, 102, 200, 1000 …) takes the genitive singular ("100 تعليق", "101 تعليق").
// Zero is written "0 تعليق": the bare singular is what counters on Arabic sites show, and "لا تعليقات" is a sentence
// the page should choose for itself.
public static class ArabicPlural
{
    public static ArabicPluralCategory Category(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n == 0)
            return ArabicPluralCategory.Zero;
        if (n == 1)
            return ArabicPluralCategory.One;
        if (n == 2)
            return ArabicPluralCategory.Two;
        return (n % 100) switch
        {
            >= 3 and <= 10 => ArabicPluralCategory.Few,
            >= 11 => ArabicPluralCategory.Many,
            _ => ArabicPluralCategory.Other,
        };
    }

    public static string Count(long n, PluralForms forms, DigitStyle digits = DigitStyle.Western)
    {
        ArgumentNullException.ThrowIfNull(forms);
        return Category(n) switch
        {
            ArabicPluralCategory.One => forms.Singular,
            ArabicPluralCategory.Two => forms.Dual,
            ArabicPluralCategory.Few => ArabicDigits.Format(n, digits) + " " + forms.Plural,
            ArabicPluralCategory.Many => ArabicDigits.Format(n, digits) + " " + forms.Accusative,
            _ => ArabicDigits.Format(n, digits) + " " + forms.Singular,
        };
    }
}
