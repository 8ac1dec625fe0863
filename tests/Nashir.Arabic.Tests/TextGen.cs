using CsCheck;

namespace Nashir.Arabic.Tests;

/// <summary>
/// Generators for the property tests: text as writers, wire copy and attackers produce it, and Arabic words with the
/// spellings writers vary without changing the word. Nashir.Tests links this file for its own property tests.
/// </summary>
internal static class TextGen
{
    /// <summary>Letters whose spelling does not vary, plus the four that do (ا ي ه ك), Latin and digits.</summary>
    private const string WordLetters = "بتثجحخدذرزسشصضطظعغفقلمنو" + "ايهك" + "abcxyz" + "0123456789";

    /// <summary>Arabic letters only (no tatweel, no marks): a headline's words.</summary>
    public const string ArabicLetters = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي";

    /// <summary>
    /// Any text at all, weighted towards what breaks text code: Arabic with marks, presentation forms and both digit
    /// scripts; invisible and bidi characters; combining marks with no base; emoji and other supplementary characters;
    /// lone surrogates and noncharacters; controls; markup characters; and letters whose case or compatibility form
    /// changes their length.
    /// </summary>
    public static readonly Gen<string> AnyText = Gen.Frequency(
            (8, Gen.Char[ArabicLetters].Select(c => c.ToString())),
            (3, Gen.Char['\u064B', '\u065F'].Select(c => c.ToString())),
            (1, Gen.OneOf("\u0640", "\u0670", "\u06D6", "\u06ED")),
            (2, Gen.Char['\u0660', '\u0669'].Select(c => c.ToString())),
            (1, Gen.Char['\u06F0', '\u06F9'].Select(c => c.ToString())),
            (1, Gen.OneOf("ی", "ک", "ھ", "ٱ", "ا\u0654", "ا\u0655", "ا\u0653", "و\u0654", "ي\u0654")),
            (2, Gen.Char['\uFB50', '\uFDFF'].Select(c => c.ToString())),
            (2, Gen.Char['\uFE70', '\uFEFF'].Select(c => c.ToString())),
            (5, Gen.Char[' ', '~'].Select(c => c.ToString())),
            (3, Gen.OneOf(" ", "  ", "\t", "\n", "\r\n", "\u00A0", "\u2028", "\u0085", "\u3000")),
            (2, Gen.OneOf("\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E",
                "\u2066", "\u2067", "\u2068", "\u2069", "\u061C", "\uFEFF", "\u2060", "\u00AD")),
            (1, Gen.Char['\u0300', '\u036F'].Select(c => c.ToString())),
            (1, Gen.Char['\0', '\u001F'].Select(c => c.ToString())),
            (2, Gen.OneOf("😀", "👨‍👩‍👧", "🇾🇪", "❤️", "𝐀", "𠀀", "𐤀", "\U0001D7D8", "\U0001F600\U0001F3FD")),
            (1, Gen.OneOf("\uD800", "\uDC00", "\uDBFF\uDBFF", "\uFFFE", "\uFFFF", "\uFDD0", "\U0001FFFE", "\uFFFD")),
            (2, Gen.OneOf("<", ">", "&", "\"", "'", "&amp;", "&#x202E;", "-", "--", "_", ".", "/", "،", "؛", "؟")),
            (1, Gen.OneOf("İ", "ı", "ß", "ẞ", "ﬁ", "Ⅻ", "①", "ǅ", "ﷲ", "ﷺ", "ﻻ", "㍿", "Å", "e\u0301")))
        .Array[0, 40]
        .Select(parts => string.Concat(parts));

    /// <summary>One to five words of Arabic letters, separated by spaces and punctuation: a headline.</summary>
    public static readonly Gen<string> ArabicHeadline = Gen.Select(
            Gen.Char[ArabicLetters].Array[1, 12].Select(c => new string(c)).Array[1, 5],
            Gen.OneOf(" ", " - ", "، ", ": ", " (", ") ", "\u200F ", "\t"),
            (words, separator) => string.Join(separator, words));

    /// <summary>
    /// A phrase in its matching form (what <see cref="ArabicText.NormalizeForMatching"/> returns: one plain spelling,
    /// lower-case, single spaces) and the same phrase as a writer may type it: hamza seats on alef (composed or
    /// decomposed), ى for ي, ة for ه, Persian keyboard letters, Arabic-Indic digits, capitals, vowel marks, tatweel,
    /// invisible characters and any whitespace between words.
    /// </summary>
    public static readonly Gen<(string Plain, string Typed)> Spellings =
        Gen.Char[WordLetters].Array[1, 8].Select(c => new string(c)).Array[1, 4]
            .SelectMany(words => Gen.Int[0, 1_000_000].Array[words.Sum(w => w.Length * 2) + words.Length + 1]
                .Select(choices => (string.Join(' ', words), Type(words, choices))));

    private static string Type(string[] words, int[] choices)
    {
        var next = 0;
        int Choose(int n) => choices[next++] % n;
        var typed = new System.Text.StringBuilder();
        typed.Append(Whitespace[Choose(Whitespace.Length)].TrimStart(' '));
        foreach (var word in words)
        {
            foreach (var letter in word)
            {
                var options = Variants(letter);
                typed.Append(options[Choose(options.Length)]);
                typed.Append(Decorations[Choose(Decorations.Length)]);
            }
            typed.Append(Whitespace[Choose(Whitespace.Length)]);
        }
        return typed.ToString();
    }

    private static string[] Variants(char letter) => letter switch
    {
        'ا' => ["ا", "أ", "إ", "آ", "ٱ", "ا\u0654", "ا\u0655", "ا\u0653"],
        'ي' => ["ي", "ى", "ی"],
        'ه' => ["ه", "ة", "ھ"],
        'ك' => ["ك", "ک"],
        >= '0' and <= '9' => [letter.ToString(), ((char)('\u0660' + letter - '0')).ToString(), ((char)('\u06F0' + letter - '0')).ToString()],
        >= 'a' and <= 'z' => [letter.ToString(), char.ToUpperInvariant(letter).ToString()],
        _ => [letter.ToString()],
    };

    // Mostly nothing; otherwise a vowel mark, shadda, tatweel or an invisible character after the letter.
    private static readonly string[] Decorations =
        ["", "", "", "", "", "", "\u064E", "\u064F", "\u0650", "\u0651", "\u0652", "\u064B", "\u0651\u064E", "\u0640", "\u200C", "\u200D", "\u200F", "\u061C"];

    private static readonly string[] Whitespace = [" ", " ", "  ", "\t", "\n", "\u00A0", " \u200F", "\u3000"];
}
