using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Nashir.Testing;

/// <summary>Pages parsed as a browser would, so tests assert on elements rather than on strings.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}");
        return await Parser.ParseDocumentAsync(html);
    }

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>Text with runs of whitespace collapsed, as a reader sees it.</summary>
    public static string Text(this IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
