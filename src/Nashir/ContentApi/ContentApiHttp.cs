using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Nashir.Arabic;
using Nashir.Site;

namespace Nashir.ContentApi;

/// <summary>Reads the API's query parameters. Each answer is a value or an Arabic sentence saying what is wrong.</summary>
public static class ApiQuery
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Beyond this, an offset query is slow and no client means it.</summary>
    public const int MaxPage = 100_000;

    /// <summary>Trimmed, with Arabic-Indic digits (٠-٩, ۰-۹) as Western ones; null when absent or blank.</summary>
    public static string? Clean(string? raw) => string.IsNullOrWhiteSpace(raw) ? null : ArabicDigits.ToWestern(raw.Trim());

    public static string? Paging(string? rawPage, string? rawPageSize, out int page, out int pageSize)
    {
        page = 1;
        pageSize = DefaultPageSize;
        if (Clean(rawPage) is { } p && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1 || page > MaxPage))
            return string.Create(CultureInfo.InvariantCulture, $"رقم الصفحة (page) يجب أن يكون عددًا صحيحًا بين 1 و{MaxPage}.");
        if (Clean(rawPageSize) is { } s && (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaxPageSize))
            return string.Create(CultureInfo.InvariantCulture, $"عدد العناصر في الصفحة (pageSize) يجب أن يكون بين 1 و{MaxPageSize}.");
        return null;
    }

    private static readonly string[] SinceFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
    ];

    /// <summary>
    /// An ISO 8601 date-time with its offset: <c>2024-10-01T09:00:00Z</c> or <c>2024-10-01T12:00:00+03:00</c>. A time
    /// without an offset is refused rather than guessed (UTC? the site's zone?). A '+' left unencoded in a query string
    /// arrives as a space; it is read back as the '+' it was.
    /// </summary>
    public static string? Since(string? raw, out DateTime? since)
    {
        since = null;
        if (Clean(raw) is not { } s)
            return null;
        if (s.Length > 19 && s[^6] == ' ')
            s = string.Concat(s.AsSpan(0, s.Length - 6), "+", s.AsSpan(s.Length - 5));
        var hasOffset = s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 6 && s[^6] is '+' or '-' && s[^3] == ':');
        if (!hasOffset || !DateTimeOffset.TryParseExact(s.ToUpperInvariant(), SinceFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return "قيمة since يجب أن تكون تاريخًا ووقتًا بصيغة ISO 8601 مع المنطقة الزمنية، مثل 2024-10-01T09:00:00Z أو 2024-10-01T12:00:00+03:00.";
        since = parsed.UtcDateTime;
        return null;
    }

    /// <summary><c>fields=headline,slug</c>: the article fields to return; null (all) when absent.</summary>
    public static string? Fields(string? raw, out IReadOnlySet<string>? fields)
    {
        fields = null;
        if (raw is null)
            return null;
        var names = raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
            return "اكتب في fields اسم حقل واحد على الأقل، مثل fields=headline,slug.";
        var known = new HashSet<string>(ContentApiJson.ArticleFields, StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!known.Contains(name))
                return $"الحقل «{(name.Length > 40 ? name[..40] + "…" : name)}» غير معروف. الحقول المتاحة: {string.Join(", ", ContentApiJson.ArticleFields)}.";
        }
        fields = new HashSet<string>(names, StringComparer.Ordinal);
        return null;
    }

    /// <summary>The meta block of a page: counts, and absolute links that keep every other parameter of the request.</summary>
    public static PageMeta Meta(HttpRequest request, string? publicUrl, int page, int pageSize, int total)
    {
        var pageCount = total == 0 ? 0 : (int)(((long)total + pageSize - 1) / pageSize);
        var last = Math.Max(1, pageCount);
        string Link(int n)
        {
            var pairs = request.Query
                .Where(kv => !string.Equals(kv.Key, "page", StringComparison.OrdinalIgnoreCase))
                .SelectMany(kv => kv.Value.Select(v => KeyValuePair.Create(kv.Key, (string?)v)))
                .Append(KeyValuePair.Create("page", (string?)n.ToString(CultureInfo.InvariantCulture)));
            var path = (request.PathBase + request.Path).ToUriComponent() + QueryString.Create(pairs).ToUriComponent();
            return NashirLinks.Absolute(publicUrl, request, path);
        }
        return new PageMeta(page, pageSize, total, pageCount, new PageLinks(
            Link(page),
            Link(1),
            page > 1 ? Link(Math.Min(page - 1, last)) : null,
            page < pageCount ? Link(page + 1) : null,
            Link(last)));
    }
}

/// <summary>RFC 9457 problem details with Arabic title and detail; never cached (a 401 cached by a proxy would outlive the fix).</summary>
public static class ApiProblems
{
    public static IResult BadRequest(string detail) => Make(StatusCodes.Status400BadRequest, "طلب غير صالح", detail);

    public static IResult NotFound(string detail) => Make(StatusCodes.Status404NotFound, "غير موجود", detail);

    public static IResult Unauthorized(string detail) => Make(StatusCodes.Status401Unauthorized, "مفتاح الواجهة مفقود أو غير صالح", detail);

    public static IResult MethodNotAllowed() => Make(StatusCodes.Status405MethodNotAllowed, "طريقة غير مسموحة", "واجهة المحتوى للقراءة فقط: تقبل طلبات GET وحدها.");

    private static IResult Make(int status, string title, string detail) => new NoStore(Results.Problem(new ProblemDetails
    {
        Status = status,
        Title = title,
        Detail = detail,
    }));

    private sealed class NoStore(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>
/// A JSON answer with an ETag (a hash of its bytes) that answers 304 to a matching If-None-Match: the database is
/// still read, but an unchanged list costs a client a few headers instead of the whole body.
/// </summary>
public sealed class ApiJson(object payload, ContentApiOptions options) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), ContentApiJson.Options);
        var etag = "\"" + WebEncoders.Base64UrlEncode(SHA256.HashData(bytes), 0, 18) + "\"";
        var response = httpContext.Response;
        response.Headers.ETag = etag;
        // With keys required, a shared cache must not hand a key holder's answer to a request without a key.
        var age = Math.Max(0, options.MaxAgeSeconds).ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = options.RequireKey ? "private, max-age=" + age : "public, max-age=" + age;
        if (Matches(httpContext.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/"x" matches "x"; * matches anything.</summary>
    internal static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            foreach (var part in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                if (tag == "*" || string.Equals(tag, etag, StringComparison.Ordinal))
                    return true;
            }
        }
        return false;
    }
}
