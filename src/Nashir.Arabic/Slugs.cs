using System.Globalization;
using System.Text;

namespace Nashir.Arabic;

// Slugs keep the headline's own Arabic words: readers share and read these URLs, and transliteration loses meaning.
// Hamza, taa marbuta and alef maqsura stay as written (unlike ArabicText.NormalizeForMatching) because the slug is
// shown, not matched. maxLength counts UTF-16 code units, the unit a database column limit is measured in.
public static class Slugs
{
    public static string Slugify(string text, int maxLength = 80)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);

        var normalized = ArabicChars.ReplaceUnnormalizable(text).Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(normalized.Length);
        var pendingHyphen = false;
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (rune.IsBmp && (ArabicChars.IsTashkeel((char)rune.Value) || rune.Value == ArabicChars.Tatweel))
                continue;

            switch (Rune.GetUnicodeCategory(rune))
            {
                // Invisible characters (bidi marks, zero-width joiners …) sit inside words: they must not split them.
                case UnicodeCategory.Format:
                    continue;
                // A mark belongs to the letter before it; one with no letter before it is debris.
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark:
                    if (!pendingHyphen && sb.Length > 0)
                        sb.Append(rune.ToString());
                    continue;
                case UnicodeCategory.DecimalDigitNumber or UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                    or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter:
                    if (pendingHyphen && sb.Length > 0)
                        sb.Append('-');
                    pendingHyphen = false;
                    AppendLower(sb, rune);
                    continue;
                default:
                    pendingHyphen = true;
                    continue;
            }
        }

        // Dropped marks and invisible characters may have stood between a letter and a mark that now compose.
        return Truncate(ArabicChars.Renormalize(sb.ToString(), NormalizationForm.FormC), maxLength);
    }

    // Suffixes may take the slug a few characters past Slugify's maxLength; callers size their column for that.
    public static string MakeUnique(string slug, Func<string, bool> exists)
    {
        ArgumentException.ThrowIfNullOrEmpty(slug);
        ArgumentNullException.ThrowIfNull(exists);
        if (!exists(slug))
            return slug;

        for (var n = 2; n < int.MaxValue; n++)
        {
            var candidate = slug + "-" + n.ToString(CultureInfo.InvariantCulture);
            if (!exists(candidate))
                return candidate;
        }

        throw new InvalidOperationException($"No free slug derived from '{slug}'.");
    }

    public static string ToUrlSegment(string slug)
    {
        ArgumentNullException.ThrowIfNull(slug);
        return Uri.EscapeDataString(slug);
    }

    private static void AppendLower(StringBuilder sb, Rune rune)
    {
        if (rune.IsBmp)
        {
            sb.Append(ArabicDigits.ToWestern(char.ToLowerInvariant((char)rune.Value)));
            return;
        }

        Span<char> buffer = stackalloc char[2];
        var length = Rune.ToLowerInvariant(rune).EncodeToUtf16(buffer);
        sb.Append(buffer[..length]);
    }

    private static string Truncate(string slug, int maxLength)
    {
        if (slug.Length <= maxLength)
            return slug;
        if (slug[maxLength] == '-')
            return slug[..maxLength];

        for (var i = maxLength - 1; i > 0; i--)
        {
            if (slug[i] == '-')
                return slug[..i];
        }

        // One word longer than the limit: cut it, but never between the halves of a surrogate pair.
        var cut = char.IsHighSurrogate(slug[maxLength - 1]) ? maxLength - 1 : maxLength;
        return slug[..cut];
    }
}
