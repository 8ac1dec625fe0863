using System.Text;

namespace Nashir.Search;

/// <summary>
/// What a reader typed, split into words, "exact phrases" (straight, curly or «Arabic» quotes) and -exclusions.
/// Nothing here is Lucene syntax: a reader's <c>+ ( ) : * ~ ^ \</c> are ordinary punctuation, and an unbalanced
/// quote runs to the end of the text.
/// </summary>
public sealed record SearchQueryText(IReadOnlyList<string> Words, IReadOnlyList<string> Phrases, IReadOnlyList<string> ExcludedWords, IReadOnlyList<string> ExcludedPhrases)
{
    public bool IsEmpty => Words.Count == 0 && Phrases.Count == 0 && ExcludedWords.Count == 0 && ExcludedPhrases.Count == 0;

    public static SearchQueryText Parse(string? text)
    {
        List<string> words = [], phrases = [], excludedWords = [], excludedPhrases = [];
        var s = text ?? "";
        var i = 0;
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                i++;
                continue;
            }
            var negate = s[i] is '-' or '\u2212' && i + 1 < s.Length && !char.IsWhiteSpace(s[i + 1]) && (i == 0 || char.IsWhiteSpace(s[i - 1]));
            if (negate)
                i++;
            if (i < s.Length && Closing(s[i]) is { } close)
            {
                var end = s.IndexOf(close, i + 1);
                if (end < 0 && close == '»')
                    end = s.IndexOf('"', i + 1);
                var phrase = end < 0 ? s[(i + 1)..] : s[(i + 1)..end];
                i = end < 0 ? s.Length : end + 1;
                if (!string.IsNullOrWhiteSpace(phrase))
                    (negate ? excludedPhrases : phrases).Add(phrase.Trim());
                continue;
            }
            var sb = new StringBuilder();
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && Closing(s[i]) is null)
                sb.Append(s[i++]);
            if (sb.Length > 0)
                (negate ? excludedWords : words).Add(sb.ToString());
        }
        return new SearchQueryText(words, phrases, excludedWords, excludedPhrases);
    }

    private static char? Closing(char open) => open switch
    {
        '"' => '"',
        '«' => '»',
        '\u201C' => '\u201D',
        '\u201D' => '\u201D',
        _ => null,
    };
}
