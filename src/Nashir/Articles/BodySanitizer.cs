using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using Nashir.Arabic;

namespace Nashir.Articles;

/// <summary>
/// Cleans article bodies on save with an allowlist: text structure, links, images, tables, and embeds only
/// from YouTube, X/Twitter, Facebook and Telegram. No scripts, no event handlers, no styles, no
/// <c>javascript:</c> URLs. Rendering trusts what this returns.
/// Each text block gets its direction from its letters (<see cref="TextDirection"/>): <c>dir="rtl"</c> or
/// <c>dir="ltr"</c>, written out even when it is the story's own, because bodies travel (feeds, the content API,
/// partners' apps) into containers whose direction is not ours; a block without letters has none and inherits.
/// Whatever direction the input carried is replaced, so a pasted <c>dir="ltr"</c> cannot pin a paragraph.
/// </summary>
public sealed class BodySanitizer
{
    private static readonly string[] Tags =
    [
        "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small", "span",
        "a", "ul", "ol", "li", "blockquote", "q", "cite", "hr", "figure", "figcaption", "img",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "iframe", "bdi", "time",
    ];

    private static readonly string[] Attributes =
    [
        "dir", "href", "title", "src", "alt", "width", "height", "colspan", "rowspan", "scope", "datetime",
        "allow", "allowfullscreen", "loading", "class", "cite", "lang",
    ];

    /// <summary>Hosts (and their subdomains) an iframe may load. Everything else is removed with its frame.</summary>
    public static IReadOnlyList<string> EmbedHosts { get; } =
    [
        "youtube.com", "youtube-nocookie.com", "twitter.com", "x.com", "platform.twitter.com",
        "facebook.com", "t.me", "telegram.org",
    ];

    /// <summary>The blocks that take a direction of their own: paragraphs, headings, list items, quotes.</summary>
    private const string DirectedBlocks = "p, h1, h2, h3, h4, h5, h6, li, blockquote";

    private static readonly HtmlParser Parser = new();

    private readonly HtmlSanitizer _sanitizer;

    public BodySanitizer()
    {
        _sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(Tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(Attributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src", "cite"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            // Embeds from X and Instagram are blockquotes with these classes; their scripts are not allowed, so they show as quotes.
            AllowedClasses = new HashSet<string>(["twitter-tweet", "telegram-post"], StringComparer.Ordinal),
        })
        {
            // Text inside a tag we drop (a pasted <details>, <font>, an unclosed wrapper) is the journalist's words: keep it.
            KeepChildNodes = true,
        };
        _sanitizer.PostProcessDom += (_, e) =>
        {
            RemoveBidiFormatting(e.Document);
            SetDirections(e.Document);
        };
        _sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not AngleSharp.Dom.IElement element)
                return;
            switch (element.LocalName)
            {
                case "iframe" when !IsAllowedEmbed(element.GetAttribute("src")):
                    element.Remove();
                    break;
                case "iframe":
                    element.SetAttribute("loading", "lazy");
                    element.SetAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
                    break;
                case "a" when element.HasAttribute("href"):
                    // Links leave the site without handing over the page (reverse tabnabbing) or its rank.
                    if (Uri.TryCreate(element.GetAttribute("href"), UriKind.Absolute, out Uri? _))
                        element.SetAttribute("rel", "noopener nofollow");
                    break;
                case "img":
                    element.SetAttribute("loading", "lazy");
                    break;
            }
        };
    }

    /// <summary>
    /// How deep elements may nest in a body. A story nests a handful of levels (a link in bold in a list item in a quote
    /// in a table cell); the sanitizer's time grows with the square of the depth (100,000 nested spans took 3.5 s), so
    /// deeper markup is refused in the editor (<see cref="IsNestedTooDeep"/>) and flattened here for every other source.
    /// </summary>
    public const int MaxDepth = 256;

    /// <summary>
    /// The body, sanitized. Markup nested deeper than <see cref="MaxDepth"/> is flattened first: the element at the
    /// limit keeps all the text below it, without the elements. Parsed once, as HtmlSanitizer's own Sanitize parses.
    /// </summary>
    public string Sanitize(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
            return "";
        using var document = _sanitizer.HtmlParserFactory().ParseDocument("<!doctype html><html><body>" + html);
        var body = document.Body!;
        if (MayNestTooDeep(html))
        {
            foreach (var element in ElementsAtDepth(body, MaxDepth).Where(e => e.ChildElementCount > 0))
                element.TextContent = TextBelow(element);
        }
        _sanitizer.SanitizeDom(document, body);
        var clean = body.ChildNodes.ToHtml(_sanitizer.OutputFormatter).Trim();
        // A dropped tag leaves its text where it stood, which can be where the HTML parser never puts text (inside a
        // <table>, between rows): a browser moves it, and so would the next save. When the first pass changed anything,
        // a second one stores the body as a browser builds it, so sanitizing a sanitized body changes nothing.
        return string.Equals(clean, html.Trim(), StringComparison.Ordinal) ? clean : _sanitizer.Sanitize(clean).Trim();
    }

    /// <summary>True when <paramref name="html"/> nests elements deeper than <see cref="MaxDepth"/>, as a browser would parse it.</summary>
    public bool IsNestedTooDeep(string? html)
    {
        if (string.IsNullOrEmpty(html) || !MayNestTooDeep(html))
            return false;
        using var document = _sanitizer.HtmlParserFactory().ParseDocument("<!doctype html><html><body>" + html);
        return ElementsAtDepth(document.Body!, MaxDepth).Any(e => e.ChildElementCount > 0);
    }

    // Fewer tags than the limit cannot nest deeper than it: most bodies are never measured.
    private static bool MayNestTooDeep(string html) => html.AsSpan().Count('<') > MaxDepth;

    /// <summary>The elements <paramref name="depth"/> levels below <paramref name="root"/>, found without recursion.</summary>
    private static List<IElement> ElementsAtDepth(IElement root, int depth)
    {
        var found = new List<IElement>();
        var stack = new Stack<(IElement Element, int Depth)>();
        stack.Push((root, 0));
        while (stack.TryPop(out var current))
        {
            if (current.Depth == depth)
            {
                found.Add(current.Element);
                continue;
            }
            foreach (var child in current.Element.Children)
                stack.Push((child, current.Depth + 1));
        }
        return found;
    }

    /// <summary>The text of every node below <paramref name="element"/>, in order, found without recursion.</summary>
    private static string TextBelow(IElement element)
    {
        var text = new System.Text.StringBuilder();
        var stack = new Stack<INode>();
        stack.Push(element);
        while (stack.TryPop(out var node))
        {
            if (node is IText t)
                text.Append(t.Data);
            for (var i = node.ChildNodes.Length - 1; i >= 0; i--)
                stack.Push(node.ChildNodes[i]);
        }
        return text.ToString();
    }

    /// <summary>
    /// A stored body as readers get it: bodies saved before directions were decided by letters carry
    /// <c>dir="auto"</c> (first strong letter) or no direction at all, and get theirs here until their next save
    /// writes it. A body saved since then is returned as it is, without parsing.
    /// </summary>
    public static string WithDirections(string? body)
    {
        if (string.IsNullOrEmpty(body))
            return "";
        if (!body.Contains("dir=\"auto\"", StringComparison.OrdinalIgnoreCase) && body.Contains(" dir=\"", StringComparison.OrdinalIgnoreCase))
            return body;
        var document = Parser.ParseDocument("<body>" + body + "</body>");
        SetDirections(document);
        return document.Body!.InnerHtml;
    }

    /// <summary>
    /// Bidi embeddings, overrides and isolates leave every text node and attribute (<see cref="ArabicText.RemoveBidiFormatting"/>,
    /// the rule the one-line fields follow through <see cref="ArabicText.CleanUserLine"/>); the marks LRM, RLM and ALM stay
    /// in the body, where editors place punctuation with them.
    /// </summary>
    private static void RemoveBidiFormatting(IDocument document)
    {
        foreach (var node in document.Body!.Descendants())
        {
            if (node is IText text)
            {
                var data = text.Data;
                var clean = ArabicText.RemoveBidiFormatting(data);
                if (!ReferenceEquals(clean, data))
                    text.Data = clean;
            }
            else if (node is IElement element)
            {
                foreach (var attribute in element.Attributes)
                {
                    var clean = ArabicText.RemoveBidiFormatting(attribute.Value);
                    if (!ReferenceEquals(clean, attribute.Value))
                        attribute.Value = clean;
                }
            }
        }
    }

    private static void SetDirections(IDocument document)
    {
        foreach (var block in document.QuerySelectorAll(DirectedBlocks))
        {
            if (TextDirection.DirAttribute(block.TextContent) is { } dir)
                block.SetAttribute("dir", dir);
            else
                block.RemoveAttribute("dir");
        }
    }

    public static bool IsAllowedEmbed(string? src)
    {
        if (!Uri.TryCreate(src, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            return false;
        var host = uri.Host;
        return EmbedHosts.Any(h => host.Equals(h, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + h, StringComparison.OrdinalIgnoreCase));
    }
}
