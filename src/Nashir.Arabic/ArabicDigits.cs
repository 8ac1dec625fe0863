using System.Buffers;
using System.Globalization;

namespace Nashir.Arabic;

public enum DigitStyle
{
    Western,
    ArabicIndic,
}

// ToWestern also folds the Arabic decimal separator U+066B to '.' and the Arabic thousands separator U+066C to ',':
// "٣٫٥" means 3.5, and half-folding it to "3٫5" would give a string that no parser, search box or sort reads as a number.
// ToArabicIndic does not do the reverse: '.' and ',' in running text are sentence punctuation far more often than separators.
public static class ArabicDigits
{
    private static readonly SearchValues<char> EasternDigitsAndSeparators =
        SearchValues.Create("٠١٢٣٤٥٦٧٨٩٫٬۰۱۲۳۴۵۶۷۸۹");

    public static string ToArabicIndic(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var first = s.AsSpan().IndexOfAnyInRange('0', '9');
        if (first < 0)
            return s;

        return string.Create(s.Length, (s, first), static (span, state) =>
        {
            state.s.AsSpan().CopyTo(span);
            ToArabicIndicInPlace(span[state.first..]);
        });
    }

    public static string ToWestern(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var first = s.AsSpan().IndexOfAny(EasternDigitsAndSeparators);
        if (first < 0)
            return s;

        return string.Create(s.Length, (s, first), static (span, state) =>
        {
            state.s.AsSpan().CopyTo(span);
            for (var i = state.first; i < span.Length; i++)
                span[i] = ToWestern(span[i]);
        });
    }

    public static string Apply(string s, DigitStyle style) => style switch
    {
        DigitStyle.Western => ToWestern(s),
        DigitStyle.ArabicIndic => ToArabicIndic(s),
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, null),
    };

    public static string Format(long n, DigitStyle style)
    {
        if (style is not (DigitStyle.Western or DigitStyle.ArabicIndic))
            throw new ArgumentOutOfRangeException(nameof(style), style, null);

        Span<char> buffer = stackalloc char[20];
        n.TryFormat(buffer, out var length, default, CultureInfo.InvariantCulture);
        var digits = buffer[..length];
        if (style == DigitStyle.ArabicIndic)
            ToArabicIndicInPlace(digits);
        return new string(digits);
    }

    internal static char ToWestern(char c) => c switch
    {
        >= '\u0660' and <= '\u0669' => (char)(c - '\u0660' + '0'),
        >= '\u06F0' and <= '\u06F9' => (char)(c - '\u06F0' + '0'),
        '\u066B' => '.',
        '\u066C' => ',',
        _ => c,
    };

    private static void ToArabicIndicInPlace(Span<char> span)
    {
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] is >= '0' and <= '9')
                span[i] = (char)(span[i] - '0' + '\u0660');
        }
    }
}
