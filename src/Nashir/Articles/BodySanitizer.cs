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

    public string Sanitize(string? html) => string.IsNullOrWhiteSpace(html) ? "" : _sanitizer.Sanitize(html).Trim();

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
