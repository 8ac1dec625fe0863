namespace Nashir.Search;

// A light stemmer in the spirit of light10 (Larkey et al.), run on text already normalized by
// NashirNormalizationFilter (so ة is ه and ى is ي). It strips at most one prefix and then each suffix at most once,
// and never leaves fewer than three letters: Arabic roots are three letters, and anything shorter is no longer the
// word (light10 turns "والله" into "له").
// The lone prefixes ف ب ل ك are deliberately not stripped: no length guard separates ف+لسطين from فلسطين, ب+يان from
// بيان, ك+تاب from كتاب or ل+بنان from لبنان, and those words are far more frequent in news than "بكتاب".
public static class ArabicLightStemmer
{
    private const int MinStemLength = 3;

    // Longest first, so "وال" wins over "و".
    private static readonly string[] Prefixes = ["وبال", "وال", "بال", "كال", "فال", "ولل", "لل", "ال", "و"];

    // Each is tried once, in this order, so "فلسطينيون" loses ون then ي. ية and ة appear as يه and ه after
    // normalization. تان/تين (feminine dual) come before ان/ين so "معلمتان" reaches "معلم".
    private static readonly string[] Suffixes = ["ها", "تان", "تين", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

    // Common news words that begin with a root و: stripping it would merge them with unrelated words
    // (وزارة → زار "visited"). REVIEW: a short list, not a lexicon; extend it from the relevance set.
    private static readonly HashSet<string> RootWaw = new(StringComparer.Ordinal)
    {
        "وزير", "وزيره", "وزراء", "وزاره", "وزارات", "وكاله", "وكالات", "وفد", "وفود", "ولايه", "ولايات", "واشنطن",
        "وطن", "وطني", "وطنيه", "وقت", "وضع", "وجه", "ولد", "ورقه", "وسط", "وصول", "وقف", "وفاه", "وحده", "واحد",
        "واحده", "واقع", "وثيقه", "وسائل", "وسيله", "وزن", "وعد", "وقع", "وليد", "وائل", "وجود",
    };

    // The name of God with its clitics: "الل" + "ه" looks like a suffix and "ال" like the article, so no general rule
    // gets these right. Joined names such as "عبدالله" are not in the list and stay whole.
    private static readonly HashSet<string> Allah = new(StringComparer.Ordinal)
    {
        "الله", "والله", "بالله", "فالله", "تالله", "لله", "ولله", "فلله",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RootWawLookup = RootWaw.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AllahLookup = Allah.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The stem of the name of God, whatever clitics the word carried.</summary>
    public const string AllahStem = "الله";

    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var (start, end, allah) = StemRange(word);
        if (allah)
            return AllahStem;
        return start == 0 && end == word.Length ? word : word[start..end];
    }

    /// <summary>
    /// The stem as a slice of <paramref name="word"/> (<c>word[Start..End]</c>), without allocating: this runs for every
    /// word of every article indexed. <c>Allah</c> is true when the stem is <see cref="AllahStem"/> instead.
    /// </summary>
    public static (int Start, int End, bool Allah) StemRange(ReadOnlySpan<char> word)
    {
        if (AllahLookup.Contains(word))
            return (0, word.Length, true);
        if (word.Length <= MinStemLength || !IsArabicLetters(word))
            return (0, word.Length, false);

        var start = PrefixLength(word);
        var end = word.Length;
        foreach (var suffix in Suffixes)
        {
            if (end - start - suffix.Length >= MinStemLength && word[start..end].EndsWith(suffix, StringComparison.Ordinal))
                end -= suffix.Length;
        }

        return (start, end, false);
    }

    private static int PrefixLength(ReadOnlySpan<char> word)
    {
        if (RootWawLookup.Contains(word))
            return 0;

        foreach (var prefix in Prefixes)
        {
            if (word.Length - prefix.Length >= MinStemLength && word.StartsWith(prefix, StringComparison.Ordinal))
                return prefix.Length;
        }

        return 0;
    }

    private static bool IsArabicLetters(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (c is < '\u0621' or > '\u064A')
                return false;
        }

        return true;
    }
}
