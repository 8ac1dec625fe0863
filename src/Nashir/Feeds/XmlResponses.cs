using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Microsoft.Net.Http.Headers;

namespace Nashir.Feeds;

/// <summary>
/// Feeds and sitemaps as bytes with a strong ETag (a hash of those bytes) and Last-Modified, so feed readers and
/// crawlers that poll every few minutes get a 304 with no body while nothing changed. The precondition checks
/// (If-None-Match before If-Modified-Since, as RFC 9110 orders them) are ASP.NET Core's own file-result logic.
/// </summary>
public static class XmlResponses
{
    public const string Rss = "application/rss+xml; charset=utf-8";
    public const string Atom = "application/atom+xml; charset=utf-8";
    public const string Xml = "application/xml; charset=utf-8";

    private static readonly XmlWriterSettings WriterSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        // Text is cleaned (XmlSafe) before it gets here; a character that slipped through is a bug to hear about.
        CheckCharacters = true,
        NewLineHandling = NewLineHandling.Entitize,
    };

    public static IResult Write(HttpContext http, string contentType, DateTime? lastModifiedUtc, TimeSpan maxAge, Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, WriterSettings))
            write(writer);
        return Conditional(http, buffer.ToArray(), contentType, lastModifiedUtc, maxAge);
    }

    public static IResult Conditional(HttpContext http, byte[] bytes, string contentType, DateTime? lastModifiedUtc, TimeSpan maxAge)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16));
        http.Response.Headers.CacheControl = "public, max-age=" + ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        DateTimeOffset? lastModified = lastModifiedUtc is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
        return Results.Bytes(bytes, contentType, lastModified: lastModified, entityTag: new EntityTagHeaderValue("\"" + hash + "\""));
    }

    /// <summary>W3C datetime in UTC, the form sitemaps read: <c>2024-10-01T09:00:00+00:00</c>.</summary>
    public static string W3cDate(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
}
