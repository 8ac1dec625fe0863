using System.Text;

namespace Nashir.Arabic;

public enum Direction
{
    /// <summary>No letters (numbers, punctuation, nothing): the block takes its container's direction.</summary>
    Neutral,
    RightToLeft,
    LeftToRight,
}

/// <summary>
/// The direction of a block of text (a paragraph, a heading, a list item) decided by its letters, not by its first
/// one: in an Arabic story «BBC نقلت عن مصادر… في 12 يناير.» is a right-to-left sentence, though <c>dir="auto"</c>
/// and <c>unicode-bidi: plaintext</c> (first strong letter) lay it out left to right with its full stop on the wrong
/// side. A block is left to right only when its left-to-right letters outnumber its right-to-left ones; a tie stays
/// right to left, the story's direction. The newsroom editor (Frontend/editor.js) applies the same count.
/// </summary>
public static class TextDirection
{
    public static Direction Of(ReadOnlySpan<char> text)
    {
        int rtl = 0, ltr = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            // Letters only: digits, punctuation and vowel marks (tashkeel) are weak or neutral in the bidi algorithm.
            if (!Rune.IsLetter(rune))
                continue;
            if (IsRightToLeft(rune.Value))
                rtl++;
            else
                ltr++;
        }
        if (rtl == 0 && ltr == 0)
            return Direction.Neutral;
        return ltr > rtl ? Direction.LeftToRight : Direction.RightToLeft;
    }

    /// <summary>
    /// Code points of the right-to-left scripts (bidi classes R and AL): Hebrew, Arabic, Syriac, Thaana, N'Ko,
    /// Samaritan, Mandaic and the Arabic extensions, their presentation forms, and the historic scripts beyond the BMP.
    /// </summary>
    public static bool IsRightToLeft(int codePoint) => codePoint is
        (>= 0x0590 and <= 0x08FF) or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF)
        or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF);

    /// <summary>The value of an HTML <c>dir</c> attribute for <paramref name="text"/>; null when it has no letters.</summary>
    public static string? DirAttribute(ReadOnlySpan<char> text) => Of(text) switch
    {
        Direction.RightToLeft => "rtl",
        Direction.LeftToRight => "ltr",
        _ => null,
    };
}
