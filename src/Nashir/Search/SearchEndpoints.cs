using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Nashir.Site;

namespace Nashir.Search;

/// <summary>Reads a search from a query string, the same way for the search page and the JSON endpoint.</summary>
public static class SearchRequestQuery
{
    /// <summary>The request, or an Arabic message saying which parameter is wrong.</summary>
    public static (SearchRequest? Request, string? Error) Parse(IQueryCollection query)
    {
        static string? One(IQueryCollection q, string key) =>
            q.TryGetValue(key, out var v) && v.Count > 0 && !string.IsNullOrWhiteSpace(v[0]) ? v[0]!.Trim() : null;
        // Numbers and dates may be typed in Arabic-Indic digits (٢٠٢٤-١٠-٠١).
        static string? Number(IQueryCollection q, string key) => One(q, key) is { } s ? Arabic.ArabicDigits.ToWestern(s) : null;

        var page = 1;
        if (Number(query, "page") is { } p && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
            return (null, "رقم الصفحة غير صالح.");
        var size = 10;
        if (Number(query, "pageSize") is { } ps && (!int.TryParse(ps, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > SearchLimits.MaxPageSize))
            return (null, $"عدد النتائج في الصفحة يجب أن يكون بين 1 و{SearchLimits.MaxPageSize}.");
        var sort = SearchSort.Relevance;
        switch (One(query, "sort"))
        {
            case null or "relevance":
                break;
            case "newest":
                sort = SearchSort.Newest;
                break;
            default:
                return (null, "طريقة الترتيب غير معروفة: الترتيب حسب الصلة (relevance) أو الأحدث (newest).");
        }
        DateOnly? from = null, to = null;
        if (Number(query, "from") is { } f)
        {
            if (!DateOnly.TryParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return (null, "تاريخ البداية غير صالح؛ الصيغة المطلوبة سنة-شهر-يوم.");
            from = d;
        }
        if (Number(query, "to") is { } t)
        {
            if (!DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return (null, "تاريخ النهاية غير صالح؛ الصيغة المطلوبة سنة-شهر-يوم.");
            to = d;
        }
        var text = query.TryGetValue("q", out var qv) ? string.Join(' ', qv.Where(v => v is not null)) : null;
        return (new SearchRequest
        {
            Text = text,
            Category = One(query, "category"),
            Tag = One(query, "tag"),
            Author = One(query, "author"),
            From = from,
            To = to,
            Sort = sort,
            Page = page,
            PageSize = size,
        }, null);
    }
}

/// <summary>
/// <c>GET /api/search</c>: the reader search as JSON (for apps and the content API);
/// <c>GET /api/search/suggest</c>: headlines for the search box's autocomplete.
/// </summary>
public static class SearchEndpoints
{
    public static void MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/api/search", [HttpMethods.Get, HttpMethods.Head], async (HttpContext http, ArticleSearch search, CancellationToken ct) =>
        {
            var (request, error) = SearchRequestQuery.Parse(http.Request.Query);
            if (request is null)
                return Problem(error!);
            var results = await search.SearchAsync(request, ct);
            if (results.Problem is SearchProblem.TooLong or SearchProblem.BadFilter or SearchProblem.PageTooDeep)
                return Problem(results.Message!);
            http.Response.Headers.CacheControl = "public, max-age=30";
            return Results.Json(new
            {
                query = request.Text,
                total = results.Total,
                page = results.Page,
                pageSize = results.PageSize,
                pageCount = results.PageCount,
                relaxed = results.Relaxed,
                message = results.Message,
                indexReady = results.IndexReady,
                results = results.Hits.Select(h => new
                {
                    id = h.Card.Id,
                    url = NashirLinks.Article(h.Card.Slug),
                    headline = h.Card.Headline,
                    headlineHtml = h.HeadlineHtml,
                    snippetHtml = h.SnippetHtml,
                    publishedAt = h.Card.PublishedAt,
                    category = h.Card.CategorySlug is null ? null : new { slug = h.Card.CategorySlug, name = h.Card.CategoryName },
                    score = h.Score,
                }),
            });
        });

        app.MapMethods("/api/search/suggest", [HttpMethods.Get, HttpMethods.Head], async (HttpContext http, ArticleSearch search, string? q, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "public, max-age=60";
            return Results.Json((await search.SuggestAsync(q, ct: ct)).Select(s => new { headline = s.Headline, url = s.Url }));
        });
    }

    private static IResult Problem(string detail) =>
        Results.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "طلب بحث غير صالح",
            Detail = detail,
        });
}
