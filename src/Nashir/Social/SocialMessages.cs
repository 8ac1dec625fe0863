using System.Globalization;
using System.Text;
using Nashir.Arabic;

namespace Nashir.Social;

/// <summary>What a post says about an article: all user text as typed, addresses absolute.</summary>
public sealed record SocialArticle(string Headline, string? Dek, string Link, string? ImageUrl, IReadOnlyList<string> Hashtags, bool IsUpdate);

/// <summary>
/// The text of posts. Telegram gets HTML (<c>parse_mode=HTML</c>) with every piece of user text escaped, cut to
/// fit its limits (1,024 for a photo caption, 4,096 for a message): the dek is shortened first, then hashtags
/// are dropped, then the headline is shortened; the link always stays. Facebook gets plain text and the link.
/// </summary>
public static class SocialMessages
{
    public const int CaptionLimit = 1024, MessageLimit = 4096;
    private const int MaxHashtags = 6;
    private const string UpdatePrefix = "تحديث: ";

    public static string TelegramHtml(SocialArticle a, int limit)
    {
        var headline = (a.IsUpdate ? UpdatePrefix : "") + a.Headline;
        var dek = a.Dek ?? "";
        var tags = a.Hashtags.ToList();
        var text = Compose(headline, dek, a.Link, tags);
        if (text.Length <= limit)
            return text;

        // The limit counts the HTML we send, which is never shorter than what Telegram counts after parsing it.
        var room = limit - Compose(headline, "", a.Link, tags).Length - 2;
        if (room > 20)
            return Compose(headline, Shorten(dek, room), a.Link, tags);
        while (tags.Count > 0 && Compose(headline, "", a.Link, tags).Length > limit)
            tags.RemoveAt(tags.Count - 1);
        room = limit - Compose("", "", a.Link, tags).Length;
        return Compose(Shorten(headline, Math.Max(room - 10, 1)), "", a.Link, tags);
    }

    public static string FacebookText(SocialArticle a)
    {
        var parts = new List<string> { (a.IsUpdate ? UpdatePrefix : "") + a.Headline };
        if (!string.IsNullOrWhiteSpace(a.Dek))
            parts.Add(a.Dek.Trim());
        if (a.Hashtags.Count > 0)
            parts.Add(string.Join(' ', a.Hashtags));
        return string.Join("\n\n", parts);
    }

    private static string Compose(string headline, string dek, string link, IReadOnlyList<string> tags)
    {
        var sb = new StringBuilder();
        if (headline.Length > 0)
            sb.Append("<b>").Append(Escape(headline)).Append("</b>\n\n");
        if (!string.IsNullOrWhiteSpace(dek))
            sb.Append(Escape(dek.Trim())).Append("\n\n");
        sb.Append("<a href=\"").Append(Escape(link)).Append("\">").Append(Escape(link)).Append("</a>");
        if (tags.Count > 0)
            sb.Append("\n\n").Append(string.Join(' ', tags));
        return sb.ToString();
    }

    /// <summary>Cuts <paramref name="text"/> at a word so that, escaped and with an ellipsis, it takes at most <paramref name="room"/> characters.</summary>
    private static string Shorten(string text, int room)
    {
        text = text.Trim();
        if (Escape(text).Length <= room)
            return text;
        var cut = text.Length;
        while (cut > 0 && Escape(text[..cut]).Length + 1 > room)
            cut--;
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
            cut--;
        var space = text.LastIndexOf(' ', Math.Max(cut - 1, 0));
        if (space > cut / 2)
            cut = space;
        return text[..cut].TrimEnd() + "…";
    }

    /// <summary>Telegram's HTML mode knows only these entities; everything else is sent as the character itself.</summary>
    public static string Escape(string s)
    {
        if (s.AsSpan().IndexOfAny("&<>\"") < 0)
            return s;
        var sb = new StringBuilder(s.Length + 16);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => null,
            } ?? c.ToString());
        }
        return sb.ToString();
    }

    /// <summary>Hashtags from the category and the tags, in that order, without repeats.</summary>
    public static IReadOnlyList<string> Hashtags(string? category, IEnumerable<string> tags)
    {
        var result = new List<string>();
        foreach (var name in (category is null ? tags : tags.Prepend(category)))
        {
            if (Hashtag(name) is { } tag && !result.Contains(tag, StringComparer.Ordinal))
                result.Add(tag);
            if (result.Count == MaxHashtags)
                break;
        }
        return result;
    }

    /// <summary>
    /// "الشرق الأوسط" → "#الشرق_الأوسط". Spaces and dashes join words with "_"; other punctuation (quotes, dots,
    /// «», ؟ ، …) and tashkeel, which end a hashtag early in the apps, are dropped. Null when no letter remains
    /// (a hashtag of digits alone is not one).
    /// </summary>
    public static string? Hashtag(string name)
    {
        var text = ArabicText.RemoveTatweel(ArabicText.RemoveTashkeel(ArabicText.RemoveZeroWidth(ArabicText.RemoveBidiControls(name))));
        var sb = new StringBuilder("#");
        var hasLetter = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetter(rune) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                hasLetter |= Rune.IsLetter(rune);
                sb.Append(rune.ToString());
            }
            else if (Rune.IsDigit(rune))
                sb.Append(rune.ToString());
            else if (Rune.IsWhiteSpace(rune) || category is UnicodeCategory.DashPunctuation or UnicodeCategory.ConnectorPunctuation)
            {
                if (sb.Length > 1 && sb[^1] != '_')
                    sb.Append('_');
            }
        }
        while (sb.Length > 1 && sb[^1] == '_')
            sb.Length--;
        return hasLetter ? sb.ToString() : null;
    }
}
