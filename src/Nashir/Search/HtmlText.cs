using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Nashir.Search;

/// <summary>Plain text of sanitized article HTML, for the index and for snippets: paragraphs become line breaks.</summary>
public static partial class HtmlText
{
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
            return "";
        var withBreaks = BlockEnd().Replace(html, "\n");
        var text = WebUtility.HtmlDecode(Tag().Replace(withBreaks, " "));
        var sb = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            var collapsed = Spaces().Replace(line, " ").Trim();
            if (collapsed.Length == 0)
                continue;
            if (sb.Length > 0)
                sb.Append('\n');
            sb.Append(collapsed);
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"</(p|h[1-6]|li|blockquote|figcaption|div|tr)>|<br\s*/?>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t\r\f\v\u00A0]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}
