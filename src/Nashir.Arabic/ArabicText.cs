using System.Buffers;
using System.Text;

namespace Nashir.Arabic;

public static class ArabicText
{
    private static readonly SearchValues<char> AlefForms = SearchValues.Create("\u0623\u0625\u0622\u0671");
    private static readonly SearchValues<char> PersianLetters = SearchValues.Create("\u06CC\u06A9\u06BE");
    private static readonly SearchValues<char> CombiningHamzaAndMadda = SearchValues.Create("\u0653\u0654\u0655");

    // Madda and hamza marks (U+0653–U+0655) are part of a letter, not vowels: "ا" + U+0654 is "أ" spelt decomposed.
    // Composing first keeps both spellings of the same word identical after the vowels are gone.
    public static string RemoveTashkeel(string s) => Remove(ComposeHamza(s), ArabicChars.Tashkeel);

    public static string RemoveTatweel(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Replace("\u0640", "", StringComparison.Ordinal);
    }

    public static string NormalizeAlef(string s) => Map(ComposeHamza(s), AlefForms, static _ => 'ا');

    public static string NormalizeAlefMaqsura(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Replace('ى', 'ي');
    }

    public static string NormalizeTaaMarbuta(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Replace('ة', 'ه');
    }

    public static string NormalizePersianLetters(string s) => Map(s, PersianLetters, static c => c switch
    {
        '\u06CC' => 'ي',
        '\u06A9' => 'ك',
        _ => 'ه',
    });

    public static string FoldDigits(string s) => ArabicDigits.ToWestern(s);

    public static string RemoveBidiControls(string s) => Remove(s, ArabicChars.BidiControls);

    /// <summary>
    /// Removes the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): each reorders everything after
    /// it until it is closed, so one pasted U+202E shows readers text other than what was written. The marks (LRM U+200E,
    /// RLM U+200F, ALM U+061C) stay: they reorder nothing, and Arabic text uses them to place punctuation beside Latin
    /// words and numbers. Returns <paramref name="s"/> itself when there is nothing to remove.
    /// </summary>
    public static string RemoveBidiFormatting(string s) => Remove(s, ArabicChars.BidiFormatting);

    public static string RemoveZeroWidth(string s) => Remove(s, ArabicChars.ZeroWidth);

    public static bool ContainsBidiControls(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.AsSpan().ContainsAny(ArabicChars.BidiControls);
    }

    // Two spellings of the same words must give the same key, so everything a writer varies without changing the word
    // goes: vowels, tatweel, hamza seats on alef, ى/ي, ة/ه, Persian keyboard letters, digit scripts, Latin case and
    // invisible characters. Runs of whitespace become one space and the key is trimmed, so the key can also be tokenised.
    /// <summary>
    /// True when NFKC cannot change <paramref name="s"/>: only ASCII letters, digits and spaces, base Arabic letters
    /// (U+0621–U+064A, no combining marks that could compose) and Arabic-Indic digits.
    /// </summary>
    private static bool IsCompatibilityStable(string s)
    {
        foreach (var c in s)
        {
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or ' '
                or (>= '\u0621' and <= '\u064A') or (>= '\u0660' and <= '\u0669'))
                continue;
            return false;
        }
        return true;
    }

    public static string NormalizeForMatching(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        // NFKC goes through ICU and dominates the cost of indexing; most words are plain letters it would not change.
        var text = IsCompatibilityStable(s) ? s : ArabicChars.ReplaceUnnormalizable(s).Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (ArabicChars.IsInvisible(c) || ArabicChars.IsTashkeel(c) || c == ArabicChars.Tatweel)
                continue;
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace && sb.Length > 0)
                sb.Append(' ');
            pendingSpace = false;
            sb.Append(FoldForMatching(c));
        }

        return sb.ToString();
    }

    // REVIEW: removing U+200D also splits emoji ZWJ sequences (a family emoji becomes its members). Accepted because
    // zero-width characters in names are an impersonation tool and the brief asks for them gone everywhere.
    public static string CleanUserText(string s) => Clean(s, singleLine: false);

    public static string CleanUserLine(string s) => Clean(s, singleLine: true);

    /// <summary>The letter and digit folding of <see cref="NormalizeForMatching"/>, for one character already in NFKC.</summary>
    public static char FoldForMatching(char c) => c switch
    {
        '\u0623' or '\u0625' or '\u0622' or '\u0671' => 'ا',
        'ى' or '\u06CC' => 'ي',
        'ة' or '\u06BE' => 'ه',
        '\u06A9' => 'ك',
        _ => char.ToLowerInvariant(ArabicDigits.ToWestern(c)),
    };

    // Horizontal whitespace of any kind (tab, NBSP, thin space …) collapses to one ASCII space; \r\n, \r, U+0085,
    // U+2028 and U+2029 are line breaks. Deferring separators until the next visible character trims every line and
    // the whole text in the same pass.
    private static string Clean(string s, bool singleLine)
    {
        ArgumentNullException.ThrowIfNull(s);
        var text = ArabicChars.ReplaceUnnormalizable(s).Normalize(NormalizationForm.FormC);
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        var pendingNewlines = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                continue;

            if (c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029')
            {
                if (singleLine)
                    pendingSpace = true;
                else
                    pendingNewlines++;
                continue;
            }

            if (c == '\t' || (char.IsWhiteSpace(c) && !char.IsControl(c)))
            {
                pendingSpace = true;
                continue;
            }

            if (char.IsControl(c) || ArabicChars.IsInvisible(c))
                continue;

            if (sb.Length > 0)
            {
                if (pendingNewlines > 0)
                    sb.Append('\n', Math.Min(pendingNewlines, 2));
                else if (pendingSpace)
                    sb.Append(' ');
            }

            pendingSpace = false;
            pendingNewlines = 0;
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static string ComposeHamza(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.AsSpan().ContainsAny(CombiningHamzaAndMadda)
            ? ArabicChars.ReplaceUnnormalizable(s).Normalize(NormalizationForm.FormC)
            : s;
    }

    private static string Remove(string s, SearchValues<char> unwanted)
    {
        ArgumentNullException.ThrowIfNull(s);
        var rest = s.AsSpan();
        var i = rest.IndexOfAny(unwanted);
        if (i < 0)
            return s;

        var sb = new StringBuilder(s.Length);
        while (i >= 0)
        {
            sb.Append(rest[..i]);
            rest = rest[(i + 1)..];
            i = rest.IndexOfAny(unwanted);
        }

        return sb.Append(rest).ToString();
    }

    private static string Map(string s, SearchValues<char> targets, Func<char, char> map)
    {
        ArgumentNullException.ThrowIfNull(s);
        var first = s.AsSpan().IndexOfAny(targets);
        if (first < 0)
            return s;

        return string.Create(s.Length, (s, first, targets, map), static (span, state) =>
        {
            state.s.AsSpan().CopyTo(span);
            for (var i = state.first; i < span.Length; i++)
            {
                if (state.targets.Contains(span[i]))
                    span[i] = state.map(span[i]);
            }
        });
    }
}

internal static class ArabicChars
{
    public const char Tatweel = '\u0640';

    // Harakat and tanween U+064B–U+065F, superscript alef U+0670, Quranic annotation marks U+06D6–U+06ED.
    public static readonly SearchValues<char> Tashkeel = SearchValues.Create(
        Range('\u064B', '\u065F') + "\u0670" + Range('\u06D6', '\u06ED'));

    public static bool IsTashkeel(char c) => c is (>= '\u064B' and <= '\u065F') or '\u0670' or (>= '\u06D6' and <= '\u06ED');

    private const string BidiMarks = "\u200E\u200F\u061C";
    private const string BidiFormattingChars = "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";

    public static readonly SearchValues<char> BidiControls = SearchValues.Create(BidiMarks + BidiFormattingChars);

    /// <summary>Embeddings, overrides and isolates: the bidi controls that reorder text (not the marks).</summary>
    public static readonly SearchValues<char> BidiFormatting = SearchValues.Create(BidiFormattingChars);

    public static readonly SearchValues<char> ZeroWidth = SearchValues.Create("\u200B\u200C\u200D\u2060\uFEFF");

    public static bool IsInvisible(char c) => BidiControls.Contains(c) || ZeroWidth.Contains(c);

    // string.Normalize throws on ill-formed UTF-16 and on noncharacters (U+FFFE, U+FDD0…), and user input can carry
    // either (a JSON "\ud800" escape, a pasted byte-order mark gone wrong): both become U+FFFD first.
    public static string ReplaceUnnormalizable(string s)
    {
        if (!s.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') && !s.AsSpan().ContainsAnyInRange('\uFDD0', '\uFDEF')
            && !s.AsSpan().ContainsAnyInRange('\uFFFE', '\uFFFF'))
            return s;

        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                // Supplementary noncharacters end in FFFE or FFFF on every plane.
                if ((char.ConvertToUtf32(chars[i], chars[i + 1]) & 0xFFFE) == 0xFFFE)
                    (chars[i], chars[i + 1]) = ('\uFFFD', '\uFFFD');
                i++;
            }
            else if (char.IsSurrogate(chars[i]) || chars[i] is >= '\uFDD0' and <= '\uFDEF' or '\uFFFE' or '\uFFFF')
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    private static string Range(char first, char last)
    {
        var sb = new StringBuilder(last - first + 1);
        for (var c = first; c <= last; c++)
            sb.Append(c);
        return sb.ToString();
    }
}
