using System.Globalization;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Nashir.Wire;

/// <summary>One story as a feed gives it, before cleaning: HTML is the agency's, not yet sanitized.</summary>
public sealed record WireEntry
{
    public required string Key { get; init; }
    public required string Headline { get; init; }
    public string? SummaryHtml { get; init; }
    public string? BodyHtml { get; init; }
    public string? Link { get; init; }
    public string? Byline { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public string? ImageUrl { get; init; }
    public string? ImageCaption { get; init; }
    public string? ImageCredit { get; init; }
}

/// <summary>
/// Reads RSS 2.0, Atom 1.0 (System.ServiceModel.Syndication) and IPTC ninjs 1.x/2.x (System.Text.Json) into
/// <see cref="WireEntry"/>s. XML is read with DTDs prohibited and no resolver, so a DOCTYPE (an entity bomb, an
/// external entity pointing at a local file) stops the parse instead of being expanded. Anything unreadable is a
/// <see cref="WireFeedException"/>, never a crash of the poller.
/// </summary>
public static class WireParser
{
    /// <summary>Items taken from one fetch; agencies list newest first, and a feed of thousands is a misconfiguration.</summary>
    public const int MaxItems = 200;

    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DublinCoreNs = "http://purl.org/dc/elements/1.1/";
    private const string MediaRssNs = "http://search.yahoo.com/mrss/";

    public static IReadOnlyList<WireEntry> Parse(byte[] body, WireFormat format)
    {
        if (format == WireFormat.Auto)
            format = Sniff(body);
        return format == WireFormat.Ninjs ? ParseNinjs(body) : ParseXml(body, format);
    }

    private static WireFormat Sniff(byte[] body)
    {
        var text = body.AsSpan();
        if (text.StartsWith(Encoding.UTF8.Preamble))
            text = text[3..];
        foreach (var b in text)
        {
            switch (b)
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    continue;
                case (byte)'{' or (byte)'[':
                    return WireFormat.Ninjs;
                case (byte)'<':
                    return WireFormat.Rss; // RSS or Atom: the XML reader looks at the root element
                default:
                    throw new WireFeedException("محتوى المصدر ليس RSS ولا Atom ولا ninjs.", "The response is neither XML (RSS/Atom) nor JSON (ninjs).");
            }
        }
        throw new WireFeedException("المصدر أعاد محتوى فارغاً.", "The response body is empty.");
    }

    private static XmlReader SafeReader(byte[] body) => XmlReader.Create(new MemoryStream(body), new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    });

    private static List<WireEntry> ParseXml(byte[] body, WireFormat format)
    {
        try
        {
            using var reader = SafeReader(body);
            reader.MoveToContent();
            SyndicationFeedFormatter formatter = format == WireFormat.Atom || (format == WireFormat.Rss && reader.LocalName == "feed")
                ? new Atom10FeedFormatter()
                : new Rss20FeedFormatter();
            // Agencies write dates in every shape; an unreadable date is "unknown", not a reason to drop the feed.
            formatter.DateTimeParser = ParseDate;
            if (!formatter.CanRead(reader))
            {
                throw new WireFeedException("المصدر ليس موجز RSS 2.0 أو Atom صالحاً.",
                    $"The document's root element <{reader.LocalName}> is not an RSS 2.0 or Atom 1.0 feed.");
            }
            formatter.ReadFrom(reader);
            var isRss = formatter is Rss20FeedFormatter;
            return [.. formatter.Feed.Items.Take(MaxItems).Select(i => FromSyndication(i, isRss)).OfType<WireEntry>()];
        }
        catch (XmlException ex) when (IsDtd(body))
        {
            throw new WireFeedException("رُفض المصدر لأنه يحتوي على تعريف DTD أو كيانات (DOCTYPE)، وهذا غير مسموح لأسباب أمنية.",
                $"Refused: the document declares a DTD (DOCTYPE); DTD processing is prohibited. {ex.Message}", ex);
        }
        catch (XmlException ex)
        {
            throw new WireFeedException("المصدر ليس XML صالحاً.", $"Malformed XML: {ex.Message}", ex);
        }
        catch (NotSupportedException ex)
        {
            // The formatters' answer to a feed that names a version they do not read (<rss version="0.9">).
            throw new WireFeedException("المصدر ليس موجز RSS 2.0 أو Atom صالحاً.", $"Unsupported feed: {ex.Message}", ex);
        }
    }

    private static bool IsDtd(byte[] body) => Encoding.UTF8.GetString(body).Contains("<!DOCTYPE", StringComparison.Ordinal);

    private static bool ParseDate(XmlDateTimeData data, out DateTimeOffset value)
    {
        var text = data.DateTimeString.Trim();
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value)
            && !DateTimeOffset.TryParseExact(text, ["ddd, d MMM yyyy HH:mm:ss 'GMT'", "ddd, d MMM yyyy HH:mm:ss 'UT'", "d MMM yyyy HH:mm:ss 'GMT'"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            value = DateTimeOffset.MinValue;
        }
        return true;
    }

    private static DateTimeOffset? Known(DateTimeOffset value) => value == DateTimeOffset.MinValue ? null : value;

    private static WireEntry? FromSyndication(SyndicationItem item, bool isRss)
    {
        var headline = Text(item.Title);
        if (string.IsNullOrWhiteSpace(headline))
            return null;
        var link = item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate")?.Uri;
        var encoded = item.ElementExtensions.ReadElementExtensions<string>("encoded", ContentNs).FirstOrDefault();
        var content = item.Content switch
        {
            TextSyndicationContent t => Html(t, isRss),
            _ => null,
        };
        var summary = item.Summary is null ? null : Html(item.Summary, isRss);
        var body = encoded ?? content;
        if (body is null)
        {
            // An RSS item with only a description: that is the story.
            body = summary;
            summary = null;
        }
        var byline = item.Authors.Select(a => a.Name ?? a.Email).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n))
            ?? item.ElementExtensions.ReadElementExtensions<string>("creator", DublinCoreNs).FirstOrDefault();
        var (imageUrl, imageCaption, imageCredit) = Image(item);
        var published = Known(item.PublishDate);
        var updated = Known(item.LastUpdatedTime);
        var key = item.Id is { Length: > 0 } id ? id : link?.AbsoluteUri ?? "headline:" + WireItem.HashHeadline(headline);
        return new WireEntry
        {
            Key = key,
            Headline = headline,
            SummaryHtml = summary,
            BodyHtml = body,
            Link = link is { IsAbsoluteUri: true } ? link.AbsoluteUri : null,
            Byline = byline,
            Published = published,
            Updated = updated,
            ImageUrl = imageUrl,
            ImageCaption = imageCaption,
            ImageCredit = imageCredit,
        };
    }

    private static string? Text(TextSyndicationContent? content) =>
        content is null ? null : content.Type is "html" or "xhtml" ? Search.HtmlText.ToPlainText(content.Text).Trim() : content.Text.Trim();

    /// <summary>
    /// Feed text as HTML; plain text is encoded, paragraph by paragraph. Atom says which it is; an RSS description
    /// does not (the reader calls it "text"), and by convention it is HTML when it has markup.
    /// </summary>
    private static string? Html(TextSyndicationContent content, bool isRss) =>
        string.IsNullOrWhiteSpace(content.Text) ? null
        : content.Type is "html" or "xhtml" || (isRss && content.Text.Contains('<', StringComparison.Ordinal)) ? content.Text
        : Paragraphs(content.Text);

    private static (string? Url, string? Caption, string? Credit) Image(SyndicationItem item)
    {
        var enclosure = item.Links.FirstOrDefault(l => l.RelationshipType == "enclosure" && l.MediaType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true);
        if (enclosure is not null)
            return (enclosure.Uri.AbsoluteUri, enclosure.Title, null);
        foreach (var name in (string[])["content", "thumbnail"])
        {
            foreach (var extension in item.ElementExtensions.Where(e => e.OuterName == name && e.OuterNamespace == MediaRssNs))
            {
                using var reader = extension.GetReader();
                var url = reader.GetAttribute("url");
                var medium = reader.GetAttribute("medium") ?? reader.GetAttribute("type");
                if (HttpUrl(url) is { } found && (name == "thumbnail" || medium is null || medium.StartsWith("image", StringComparison.OrdinalIgnoreCase)))
                    return (found, null, null);
            }
        }
        return (null, null, null);
    }

    private static List<WireEntry> ParseNinjs(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = doc.RootElement;
            IEnumerable<JsonElement> items = root.ValueKind switch
            {
                JsonValueKind.Array when AllObjects(root) => root.EnumerateArray(),
                JsonValueKind.Object when (Prop(root, "items") ?? Prop(root, "_items") ?? Prop(root, "data")) is { ValueKind: JsonValueKind.Array } list && AllObjects(list) => list.EnumerateArray(),
                JsonValueKind.Object when Str(root, "uri") is not null || Prop(root, "headlines") is not null || Str(root, "headline") is not null => [root],
                _ => throw new WireFeedException("المصدر ليس بصيغة ninjs مفهومة.", "The JSON is neither a ninjs item, an array of items, nor an object with an \"items\" array."),
            };
            return [.. items.Take(MaxItems).Select(FromNinjs).OfType<WireEntry>()];
        }
        catch (JsonException ex)
        {
            throw new WireFeedException("المصدر ليس JSON صالحاً.", $"Malformed JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json checks a string's bytes when it is read: invalid UTF-8, or an escaped lone surrogate.
            throw new WireFeedException("المصدر يحتوي نصاً بترميز غير صالح.", $"Malformed JSON text: {ex.Message}", ex);
        }
    }

    private static bool AllObjects(JsonElement array) => array.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object);

    private static WireEntry? FromNinjs(JsonElement item)
    {
        // Pictures, video and audio sent as items of their own are not stories for the queue.
        if (Str(item, "type") is { } type && type is not ("text" or "composite"))
            return null;
        var headline = Str(item, "headline") ?? Role(Prop(item, "headlines"), "main");
        if (string.IsNullOrWhiteSpace(headline))
            return null;
        var uri = Str(item, "uri") ?? Str(item, "guid");
        var summary = Str(item, "description_html") ?? (Str(item, "description_text") is { } d ? Paragraphs(d) : null)
            ?? (Role(Prop(item, "descriptions"), "summary") is { } s ? Paragraphs(s) : null);
        var (imageUrl, caption, credit) = NinjsImage(Prop(item, "associations"));
        return new WireEntry
        {
            Key = uri ?? "headline:" + WireItem.HashHeadline(headline),
            Headline = headline.Trim(),
            SummaryHtml = summary,
            BodyHtml = NinjsBody(item),
            Link = HttpUrl(uri),
            Byline = Str(item, "byline") ?? Str(item, "by"),
            Published = Date(Str(item, "firstcreated") ?? Str(item, "contentcreated")),
            Updated = Date(Str(item, "versioncreated")),
            ImageUrl = imageUrl,
            ImageCaption = caption,
            ImageCredit = credit,
        };
    }

    private static string? NinjsBody(JsonElement item)
    {
        if ((Str(item, "body_html") ?? Str(item, "body_xhtml")) is { } html)
            return html;
        if (Prop(item, "bodies") is { ValueKind: JsonValueKind.Array } bodies)
        {
            var all = bodies.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object).ToList();
            var rich = all.FirstOrDefault(b => Str(b, "contenttype") is "text/html" or "application/xhtml+xml" || Str(b, "role")?.Contains("html", StringComparison.OrdinalIgnoreCase) == true);
            if (rich.ValueKind == JsonValueKind.Object && Str(rich, "value") is { } richValue)
                return richValue;
            if (all.Select(b => Str(b, "value")).FirstOrDefault(v => v is not null) is { } plain)
                return Paragraphs(plain);
        }
        return Str(item, "body_text") is { } text ? Paragraphs(text) : null;
    }

    /// <summary>The first picture among the associations (ninjs 1.x: an object by name; 2.x: an array with names).</summary>
    private static (string? Url, string? Caption, string? Credit) NinjsImage(JsonElement? associations)
    {
        IEnumerable<JsonElement> all = associations switch
        {
            { ValueKind: JsonValueKind.Object } o => o.EnumerateObject().Select(p => p.Value),
            { ValueKind: JsonValueKind.Array } a => a.EnumerateArray(),
            _ => [],
        };
        foreach (var a in all.Where(a => a.ValueKind == JsonValueKind.Object && Str(a, "type") is "picture" or "image" or "graphic"))
        {
            IEnumerable<(string? Name, JsonElement Value)> renditions = Prop(a, "renditions") switch
            {
                { ValueKind: JsonValueKind.Object } o => o.EnumerateObject().Select(p => ((string?)p.Name, p.Value)),
                { ValueKind: JsonValueKind.Array } r => r.EnumerateArray().Select(v => (Str(v, "name") ?? Str(v, "usage"), v)),
                _ => [],
            };
            var hrefs = renditions.Where(r => r.Value.ValueKind == JsonValueKind.Object && HttpUrl(Str(r.Value, "href")) is not null).ToList();
            // A preview-sized rendition suits the newsroom; the original may be tens of megabytes.
            var chosen = hrefs.FirstOrDefault(r => r.Name is { } n && (n.Contains("preview", StringComparison.OrdinalIgnoreCase) || n.Contains("baseImage", StringComparison.OrdinalIgnoreCase) || n.Contains("viewImage", StringComparison.OrdinalIgnoreCase)));
            var url = Str(chosen.Value.ValueKind == JsonValueKind.Object ? chosen.Value : hrefs.FirstOrDefault().Value, "href") ?? HttpUrl(Str(a, "uri"));
            if (url is null)
                continue;
            var caption = Str(a, "description_text") ?? Role(Prop(a, "descriptions"), "caption") ?? Str(a, "headline") ?? Role(Prop(a, "headlines"), "main");
            return (HttpUrl(url), caption, Str(a, "by") ?? Str(a, "byline") ?? Str(a, "copyrightholder"));
        }
        return (null, null, null);
    }

    private static JsonElement? Prop(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? value : null;

    private static string? Str(JsonElement e, string name) =>
        Prop(e, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? s : null;

    /// <summary>ninjs 2.x lists (<c>headlines</c>, <c>descriptions</c>): the value with that role, else the first.</summary>
    private static string? Role(JsonElement? list, string role)
    {
        if (list is not { ValueKind: JsonValueKind.Array } array)
            return null;
        var values = array.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Object && Str(v, "value") is not null).ToList();
        var match = values.FirstOrDefault(v => Str(v, "role") == role);
        return Str(match.ValueKind == JsonValueKind.Object ? match : values.FirstOrDefault(), "value");
    }

    private static DateTimeOffset? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    private static string? HttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri.AbsoluteUri : null;

    /// <summary>Plain text as HTML paragraphs: a blank line (or, failing any, a line break) separates them.</summary>
    public static string Paragraphs(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var parts = normalized.Contains("\n\n", StringComparison.Ordinal)
            ? normalized.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : normalized.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Concat(parts.Select(p => "<p>" + WebUtility.HtmlEncode(p) + "</p>"));
    }
}
