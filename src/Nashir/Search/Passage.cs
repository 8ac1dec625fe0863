using System.Net;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Nashir.Search;

/// <summary>
/// Marks the words of a text that match the query's terms, on the original spelling, using the index's own analyzer
/// (so "الارهابيه" marks "الإرهابيّة"). For a snippet it stops reading at the end of the first passage with a match:
/// the cost follows where the first match is, not the article's length, which keeps a page of results fast.
/// </summary>
internal static class Passage
{
    /// <summary>The whole text, HTML-encoded, with every match in <c>&lt;mark&gt;</c>; null when nothing matches.</summary>
    public static string? MarkAll(Analyzer analyzer, string field, string text, IReadOnlySet<string> terms) =>
        Build(analyzer, field, text, terms, int.MaxValue);

    /// <summary>About <paramref name="length"/> characters from a little before the first match, with matches marked.</summary>
    public static string? Around(Analyzer analyzer, string field, string text, IReadOnlySet<string> terms, int length) =>
        Build(analyzer, field, text, terms, length);

    private static string? Build(Analyzer analyzer, string field, string text, IReadOnlySet<string> terms, int length)
    {
        var marks = new List<(int Start, int End)>();
        int from = 0, to = text.Length;
        using (var stream = analyzer.GetTokenStream(field, text))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var offset = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                var start = offset.StartOffset;
                if (marks.Count > 0 && start >= to)
                    break;
                if (!terms.Contains(term.ToString()) || (marks.Count > 0 && marks[^1].Start == start))
                    continue;
                if (marks.Count == 0 && length < text.Length)
                {
                    // Start a few words before the match, at a word boundary, and run for about `length` characters.
                    from = Math.Max(0, start - (length / 4));
                    if (from > 0)
                        from = text.IndexOf(' ', from) is var space and >= 0 && space < start ? space + 1 : start;
                    to = Math.Min(text.Length, from + length);
                    if (to < text.Length && text.LastIndexOf(' ', to - 1, to - start) is var end and > 0 && end > start)
                        to = end;
                }
                marks.Add((start, Math.Min(offset.EndOffset, text.Length)));
            }
            stream.End();
        }
        if (marks.Count == 0)
            return null;

        var sb = new StringBuilder(to - from + 32);
        if (from > 0)
            sb.Append("… ");
        var at = from;
        foreach (var (start, end) in marks)
        {
            if (end > to)
                break;
            sb.Append(WebUtility.HtmlEncode(text[at..start])).Append("<mark>").Append(WebUtility.HtmlEncode(text[start..end])).Append("</mark>");
            at = end;
        }
        sb.Append(WebUtility.HtmlEncode(text[at..to]));
        if (to < text.Length)
            sb.Append(" …");
        return sb.ToString();
    }
}
