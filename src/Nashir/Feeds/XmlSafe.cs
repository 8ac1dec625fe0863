using System.Text;

namespace Nashir.Feeds;

/// <summary>
/// Text made safe for XML 1.0. Headlines and bodies come from editors' pastes and agency wires, which carry
/// control characters (U+0001, vertical tab U+000B) and broken surrogates; XML forbids them, and one of them
/// would make the whole feed unreadable (or make the writer throw), so they are dropped.
/// </summary>
public static class XmlSafe
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var firstBad = FirstInvalid(text);
        if (firstBad < 0)
            return text;
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (IsAllowedBmp(c))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    public static string? CleanOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : Clean(text);

    private static int FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (!IsAllowedBmp(c))
                return i;
        }
        return -1;
    }

    // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] (pairs for the rest); a surrogate alone is not a character.
    private static bool IsAllowedBmp(char c) =>
        c is '\t' or '\n' or '\r' or (>= '\u0020' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');
}
