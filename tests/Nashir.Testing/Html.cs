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

    /// <summary>
    /// Does what a browser does with a form: loads <paramref name="pagePath"/>, takes the form matching
    /// <paramref name="formSelector"/> with all its current values (hidden anti-forgery token included),
    /// overrides <paramref name="fields"/>, and posts it to the form's action.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pagePath, string formSelector, params (string Name, string Value)[] fields)
    {
        var page = await client.GetDocumentAsync(pagePath);
        var form = page.QuerySelector(formSelector) ?? throw new InvalidOperationException($"No form '{formSelector}' on {pagePath}");
        return await client.SubmitFormAsync(form, pagePath, fields);
    }

    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, IElement form, string pagePath, params (string Name, string Value)[] fields)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = input.GetAttribute("name")!;
            var type = input.GetAttribute("type");
            if (type is "checkbox" or "radio" && !input.HasAttribute("checked"))
                continue;
            if (type is "submit" or "file")
                continue;
            var value = input.LocalName switch
            {
                "textarea" => input.TextContent,
                "select" => input.QuerySelector("option[selected]")?.GetAttribute("value") ?? input.QuerySelector("option")?.GetAttribute("value") ?? "",
                _ => input.GetAttribute("value") ?? (type == "checkbox" ? "on" : ""),
            };
            values.Add(new(name, value));
        }
        // A name given in fields replaces the form's values for it; giving a name twice sends both (multi-select).
        var overridden = fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        values.RemoveAll(v => overridden.Contains(v.Key));
        values.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pagePath : action;
        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(target, content);
    }

    /// <summary>Text with runs of whitespace collapsed, as a reader sees it.</summary>
    public static string Text(this IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
