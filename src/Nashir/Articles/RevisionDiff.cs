using AngleSharp.Html.Parser;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Nashir.Arabic;

namespace Nashir.Articles;

/// <summary>Side-by-side comparison of two versions of an article, paragraph by paragraph, on the text readers see.</summary>
public static class RevisionDiff
{
    private static readonly HtmlParser Parser = new();

    public sealed record Line(ChangeType Kind, string? Text)
    {
        /// <summary>The line's direction by its letters, as the article page lays out the paragraph it comes from.</summary>
        public string? Dir => Text is null ? null : TextDirection.DirAttribute(Text);
    }

    public sealed record Comparison(IReadOnlyList<Line> Old, IReadOnlyList<Line> New)
    {
        public bool HasChanges => Old.Any(l => l.Kind != ChangeType.Unchanged) || New.Any(l => l.Kind != ChangeType.Unchanged);
    }

    public static Comparison Compare(string? oldHeadline, string? oldBody, string? newHeadline, string? newBody)
    {
        var model = SideBySideDiffBuilder.Diff(new Differ(), ToText(oldHeadline, oldBody), ToText(newHeadline, newBody), ignoreWhiteSpace: true);
        return new Comparison(
            model.OldText.Lines.Select(l => new Line(l.Type, l.Text)).ToList(),
            model.NewText.Lines.Select(l => new Line(l.Type, l.Text)).ToList());
    }

    /// <summary>The headline, then one line per block of the body.</summary>
    public static string ToText(string? headline, string? bodyHtml)
    {
        var lines = new List<string> { headline ?? "" };
        var document = Parser.ParseDocument($"<body>{bodyHtml}</body>");
        foreach (var block in document.Body!.Children)
        {
            var text = string.Join(' ', block.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (text.Length > 0)
                lines.Add(text);
        }
        return string.Join('\n', lines);
    }
}
