using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Search;
using Nashir.Site;

namespace Nashir.ContentApi;

/// <summary>
/// <c>/api/v1</c>: the published site as JSON, read-only, for apps and partners. Endpoint responsibility: parse the
/// query into clean parameters (or an Arabic 400), read only public articles, write one JSON shape per resource.
/// </summary>
public static class ContentApiEndpoints
{
    public const string Prefix = "/api/v1";

    public static RouteGroupBuilder MapContentApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).WithTags("Content API").AddEndpointFilter(ApiKeyFilter.RequireKeyAsync)
            .CacheOutput(Site.ReaderCachePolicy.ApiPolicy);

        api.MapMethods("/articles", GetOrHead, ListArticlesAsync).AddEndpointFilter(ListsEveryPublication)
            .WithName("ListArticles").WithSummary("Published articles, newest first")
            .Produces<ArticleList>().Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapMethods("/articles/{slug}", GetOrHead, GetArticleAsync)
            .WithName("GetArticle").WithSummary("One published article, by its current or a former slug")
            .Produces<ArticleJson>().Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapMethods("/categories", GetOrHead, ListCategoriesAsync).AddEndpointFilter(ListsEveryPublication)
            .WithName("ListCategories").WithSummary("Categories in navigation order, with their published article counts")
            .Produces<CategoryList>().Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapMethods("/tags", GetOrHead, ListTagsAsync).AddEndpointFilter(ListsEveryPublication)
            .WithName("ListTags").WithSummary("Tags by name, with their published article counts")
            .Produces<TagList>().Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapMethods("/authors", GetOrHead, ListAuthorsAsync).AddEndpointFilter(ListsEveryPublication)
            .WithName("ListAuthors").WithSummary("Authors by name, with their published article counts")
            .Produces<AuthorList>().Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapMethods("/search", GetOrHead, SearchAsync).AddEndpointFilter(ListsEveryPublication)
            .WithName("Search").WithSummary("The reader search (Arabic-aware), with full articles in the results")
            .Produces<SearchJson>().Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);

        // Anything else under /api/v1 gets a problem in JSON, not the reader site's HTML error page.
        api.Map("/{**rest}", (HttpContext http) => HttpMethods.IsGet(http.Request.Method)
                ? ApiProblems.NotFound("لا يوجد في واجهة المحتوى عنوان بهذا الاسم.")
                : ApiProblems.MethodNotAllowed())
            .ExcludeFromDescription();
        return api;
    }

    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>A list (with counts) changes with every publication: its cache entry goes with the fronts.</summary>
    private static ValueTask<object?> ListsEveryPublication(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        Site.CacheTags.Add(context.HttpContext, Site.CacheTags.Fronts);
        return next(context);
    }

    public sealed record ArticleListParameters(
        [property: FromQuery(Name = "category"), Description("Category slug.")] string? Category,
        [property: FromQuery(Name = "tag"), Description("Tag slug (a tag's former slug works too).")] string? Tag,
        [property: FromQuery(Name = "author"), Description("Author slug.")] string? Author,
        [property: FromQuery(Name = "since"), Description("Only articles published or updated at or after this ISO 8601 date-time, which must carry its offset: 2024-10-01T09:00:00Z, 2024-10-01T12:00:00%2B03:00.")] string? Since,
        [property: FromQuery(Name = "page"), Description("Page number, from 1 (Arabic-Indic digits accepted).")] string? Page,
        [property: FromQuery(Name = "pageSize"), Description("Articles per page, 1 to 100; default 20.")] string? PageSize,
        [property: FromQuery(Name = "fields"), Description("Comma-separated article fields to return, e.g. headline,slug,publishedAt. Unknown names are a 400.")] string? Fields);

    private static async Task<IResult> ListArticlesAsync(
        [AsParameters] ArticleListParameters p, HttpContext http, NashirDb db, TimeProvider clock,
        IOptions<ContentApiOptions> options, IOptions<NashirOptions> site, CancellationToken ct)
    {
        var pagingError = ApiQuery.Paging(p.Page, p.PageSize, out var page, out var pageSize);
        var sinceError = ApiQuery.Since(p.Since, out var since);
        var fieldsError = ApiQuery.Fields(p.Fields, out var fields);
        if ((pagingError ?? sinceError ?? fieldsError) is { } error)
            return ApiProblems.BadRequest(error);

        var now = clock.GetUtcNow().UtcDateTime;
        int? categoryId = null, tagId = null, authorId = null;
        if (p.Category?.Trim() is { Length: > 0 } categorySlug)
        {
            if (await db.Categories.Where(c => c.Slug == categorySlug).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct) is not { } id)
                return ApiProblems.BadRequest($"لا يوجد قسم بالاسم المختصر «{Short(categorySlug)}».");
            categoryId = id;
        }
        if (p.Tag?.Trim() is { Length: > 0 } tagSlug)
        {
            if (await TagIdAsync(db, clock, tagSlug, ct) is not { } id)
                return ApiProblems.BadRequest($"لا يوجد وسم بالاسم المختصر «{Short(tagSlug)}».");
            tagId = id;
        }
        if (p.Author?.Trim() is { Length: > 0 } authorSlug)
        {
            if (await db.PublicAuthors(clock).Where(x => x.Slug == authorSlug).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct) is not { } id)
                return ApiProblems.BadRequest($"لا يوجد كاتب بالاسم المختصر «{Short(authorSlug)}».");
            authorId = id;
        }

        if ((long)(page - 1) * pageSize >= ArticleQueries.MaxListed)
            return ApiProblems.BadRequest("الصفحة المطلوبة أعمق مما تتيحه القائمة؛ استعمل since أو البحث للوصول إلى المقالات الأقدم.");
        var skip = (page - 1) * pageSize;
        IQueryable<Article> rowsQuery;
        int total;
        if (categoryId is null && since is null && (tagId is null || authorId is null) && (tagId ?? authorId) is not null)
        {
            // A tag or an author alone: the page is cut from the links' index (ArticleQueries.TaggedPage).
            (rowsQuery, total) = tagId is { } t
                ? (db.TaggedPage(t, now, skip, pageSize), await db.CountTaggedAsync(t, now, ct))
                : (db.AuthorPage(authorId!.Value, now, skip, pageSize), await db.CountByAuthorAsync(authorId.Value, now, ct));
        }
        else
        {
            var articles = db.Public(now);
            if (categoryId is { } category)
                articles = articles.Where(a => a.CategoryId == category);
            if (tagId is { } tag)
                articles = articles.Where(a => a.Tags.Any(x => x.Id == tag));
            if (authorId is { } author)
                articles = articles.Where(a => a.Authors.Any(x => x.Id == author));
            if (since is { } from)
                articles = articles.Where(a => (a.UpdatedAt ?? a.PublishedAt) >= from);
            // Counted up to ArticleQueries.MaxListed.
            total = await articles.CountListedAsync(ct);
            rowsQuery = articles.Latest().Skip(skip).Take(pageSize);
        }
        var rows = await rowsQuery.AsNoTracking()
            .Select(ArticleRows.Select(fields is null || fields.Contains("bodyHtml")))
            .AsSplitQuery()
            .ToListAsync(ct);
        var origin = NashirLinks.Origin(site.Value.PublicUrl, http.Request);
        return new ApiJson(new
        {
            articles = rows.Select(r => ContentApiJson.Article(r.ToJson(origin), fields)),
            meta = ApiQuery.Meta(http.Request, site.Value.PublicUrl, page, pageSize, total),
        }, options.Value);
    }

    private static async Task<IResult> GetArticleAsync(
        string slug, [FromQuery, Description("Comma-separated article fields to return.")] string? fields,
        HttpContext http, NashirDb db, TimeProvider clock, IOptions<ContentApiOptions> options, IOptions<NashirOptions> site, CancellationToken ct)
    {
        if (ApiQuery.Fields(fields, out var selected) is { } error)
            return ApiProblems.BadRequest(error);
        var withBody = selected is null || selected.Contains("bodyHtml");
        var row = await Public(db, clock).Where(a => a.Slug == slug).Select(ArticleRows.Select(withBody)).AsSplitQuery().FirstOrDefaultAsync(ct);
        // A former slug answers with the article itself (its "slug" says the current one): a redirect would lose a
        // key sent in a header through some clients, and would need its own CORS preflight in browsers.
        if (row is null && await db.ArticleSlugs.Where(s => s.Slug == slug).Select(s => (int?)s.ArticleId).FirstOrDefaultAsync(ct) is { } id)
            row = await Public(db, clock).Where(a => a.Id == id).Select(ArticleRows.Select(withBody)).AsSplitQuery().FirstOrDefaultAsync(ct);
        if (row is null)
            return ApiProblems.NotFound($"لا يوجد مقال منشور بالاسم المختصر «{Short(slug)}».");
        Site.CacheTags.Add(http, Site.CacheTags.Article(row.Id));
        var origin = NashirLinks.Origin(site.Value.PublicUrl, http.Request);
        return new ApiJson(ContentApiJson.Article(row.ToJson(origin), selected), options.Value);
    }

    public sealed record PageParameters(
        [property: FromQuery(Name = "page"), Description("Page number, from 1 (Arabic-Indic digits accepted).")] string? Page,
        [property: FromQuery(Name = "pageSize"), Description("Items per page, 1 to 100; default 20.")] string? PageSize);

    private static async Task<IResult> ListCategoriesAsync(
        [AsParameters] PageParameters p, HttpContext http, NashirDb db, TimeProvider clock,
        IOptions<ContentApiOptions> options, IOptions<NashirOptions> site, CancellationToken ct)
    {
        if (ApiQuery.Paging(p.Page, p.PageSize, out var page, out var pageSize) is { } error)
            return ApiProblems.BadRequest(error);
        var readerMaySee = ArticleQueries.ReaderMaySee(clock.GetUtcNow().UtcDateTime);
        var total = await db.Categories.CountAsync(ct);
        var rows = await db.Categories.AsNoTracking().OrderBy(c => c.Position).ThenBy(c => c.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new { c.Slug, c.Name, c.Description, Count = c.Articles.AsQueryable().Count(readerMaySee) })
            .ToListAsync(ct);
        var origin = NashirLinks.Origin(site.Value.PublicUrl, http.Request);
        return new ApiJson(new CategoryList(
            [.. rows.Select(c => new CategoryJson(c.Slug, c.Name, c.Description, origin + NashirLinks.Category(c.Slug), c.Count))],
            ApiQuery.Meta(http.Request, site.Value.PublicUrl, page, pageSize, total)), options.Value);
    }

    private static async Task<IResult> ListTagsAsync(
        [AsParameters] PageParameters p, HttpContext http, NashirDb db, TimeProvider clock,
        IOptions<ContentApiOptions> options, IOptions<NashirOptions> site, CancellationToken ct)
    {
        if (ApiQuery.Paging(p.Page, p.PageSize, out var page, out var pageSize) is { } error)
            return ApiProblems.BadRequest(error);
        var now = clock.GetUtcNow().UtcDateTime;
        var readerMaySee = ArticleQueries.ReaderMaySee(now);
        // Only tags readers may see: one on unpublished articles only is not listed, not even counted.
        var tags = db.PublicTags(now);
        var total = await tags.CountAsync(ct);
        var rows = await tags.AsNoTracking().OrderBy(t => t.Name).ThenBy(t => t.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(t => new { t.Slug, t.Name, Count = t.Articles.AsQueryable().Count(readerMaySee) })
            .ToListAsync(ct);
        var origin = NashirLinks.Origin(site.Value.PublicUrl, http.Request);
        return new ApiJson(new TagList(
            [.. rows.Select(t => new TagJson(t.Slug, t.Name, origin + NashirLinks.Tag(t.Slug), t.Count))],
            ApiQuery.Meta(http.Request, site.Value.PublicUrl, page, pageSize, total)), options.Value);
    }

    private static async Task<IResult> ListAuthorsAsync(
        [AsParameters] PageParameters p, HttpContext http, NashirDb db, TimeProvider clock,
        IOptions<ContentApiOptions> options, IOptions<NashirOptions> site, CancellationToken ct)
    {
        if (ApiQuery.Paging(p.Page, p.PageSize, out var page, out var pageSize) is { } error)
            return ApiProblems.BadRequest(error);
        var now = clock.GetUtcNow().UtcDateTime;
        var readerMaySee = ArticleQueries.ReaderMaySee(now);
        var authors = db.PublicAuthors(now);
        var total = await authors.CountAsync(ct);
        var rows = await authors.AsNoTracking().OrderBy(x => x.Name).ThenBy(x => x.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(x => new
            {
                x.Slug,
                x.Name,
                x.Bio,
                PhotoPath = x.Photo == null ? null : x.Photo.Path,
                PhotoVariants = x.Photo == null ? null : x.Photo.Variants,
                Count = x.Articles.AsQueryable().Count(readerMaySee),
            })
            .ToListAsync(ct);
        var origin = NashirLinks.Origin(site.Value.PublicUrl, http.Request);
        return new ApiJson(new AuthorList(
            [.. rows.Select(x => new AuthorJson(x.Slug, x.Name, x.Bio, origin + NashirLinks.Author(x.Slug),
                x.PhotoPath is null ? null : origin + Media.MediaUrls.Src(x.PhotoPath, x.PhotoVariants, 320), x.Count))],
            ApiQuery.Meta(http.Request, site.Value.PublicUrl, page, pageSize, total)), options.Value);
    }

    /// <summary>Documents the parameters; they are read from the query by <see cref="SearchRequestQuery"/>, as the search page reads them.</summary>
    public sealed record SearchParameters(
        [property: FromQuery(Name = "q"), Description("What to search for: words, \"exact phrases\", -excluded words. Required unless a filter is given.")] string? Q,
        [property: FromQuery(Name = "sort"), Description("relevance (default) or newest.")] string? Sort,
        [property: FromQuery(Name = "category"), Description("Category slug.")] string? Category,
        [property: FromQuery(Name = "tag"), Description("Tag slug.")] string? Tag,
        [property: FromQuery(Name = "author"), Description("Author slug.")] string? Author,
        [property: FromQuery(Name = "from"), Description("First day, yyyy-MM-dd, in the site's time zone.")] string? From,
        [property: FromQuery(Name = "to"), Description("Last day, yyyy-MM-dd, in the site's time zone.")] string? To,
        [property: FromQuery(Name = "page"), Description("Page number, from 1.")] string? Page,
        [property: FromQuery(Name = "pageSize"), Description("Results per page, 1 to 50; default 10.")] string? PageSize,
        [property: FromQuery(Name = "fields"), Description("Comma-separated article fields to return in each result's article.")] string? Fields);

    private static async Task<IResult> SearchAsync(
        [AsParameters] SearchParameters p, HttpContext http, ArticleSearch search, NashirDb db, TimeProvider clock,
        IOptions<ContentApiOptions> options, IOptions<NashirOptions> site, CancellationToken ct)
    {
        var (request, error) = SearchRequestQuery.Parse(http.Request.Query);
        var fieldsError = ApiQuery.Fields(p.Fields, out var fields);
        if (request is null || fieldsError is not null)
            return ApiProblems.BadRequest(error ?? fieldsError!);
        if (request.Category is { } category && !await db.Categories.AnyAsync(c => c.Slug == category, ct))
            return ApiProblems.BadRequest($"لا يوجد قسم بالاسم المختصر «{Short(category)}».");
        if (request.Tag is { } tag)
        {
            // The index knows tags by their current slug; a former one is translated here.
            if (await TagIdAsync(db, clock, tag, ct) is not { } tagId)
                return ApiProblems.BadRequest($"لا يوجد وسم بالاسم المختصر «{Short(tag)}».");
            request = request with { Tag = await db.Tags.Where(t => t.Id == tagId).Select(t => t.Slug).FirstAsync(ct) };
        }
        if (request.Author is { } author && !await db.PublicAuthors(clock).AnyAsync(x => x.Slug == author, ct))
            return ApiProblems.BadRequest($"لا يوجد كاتب بالاسم المختصر «{Short(author)}».");

        var results = await search.SearchAsync(request, ct);
        switch (results.Problem)
        {
            case SearchProblem.Empty:
                return ApiProblems.BadRequest("اكتب ما تبحث عنه في المعامل q، أو حدد قسمًا أو وسمًا أو كاتبًا أو تاريخًا.");
            case SearchProblem.TooLong or SearchProblem.BadFilter or SearchProblem.PageTooDeep:
                return ApiProblems.BadRequest(results.Message!);
        }

        // The search decides which articles and in what order; the articles themselves are read as the rest of the API reads them.
        var ids = results.Hits.Select(h => h.Card.Id).ToList();
        var withBody = fields is null || fields.Contains("bodyHtml");
        var rows = ids.Count == 0
            ? []
            : await Public(db, clock).Where(a => ids.Contains(a.Id)).Select(ArticleRows.Select(withBody)).AsSplitQuery().ToDictionaryAsync(r => r.Id, ct);
        var origin = NashirLinks.Origin(site.Value.PublicUrl, http.Request);
        return new ApiJson(new
        {
            query = request.Text,
            results = results.Hits.Where(h => rows.ContainsKey(h.Card.Id)).Select(h => new
            {
                article = ContentApiJson.Article(rows[h.Card.Id].ToJson(origin), fields),
                headlineHtml = h.HeadlineHtml,
                snippetHtml = h.SnippetHtml,
                score = h.Score,
            }),
            meta = ApiQuery.Meta(http.Request, site.Value.PublicUrl, results.Page, results.PageSize, Math.Min(results.Total, SearchLimits.MaxResults)),
            relaxed = results.Relaxed,
            message = results.Message,
            indexReady = results.IndexReady,
        }, options.Value);
    }

    private static IQueryable<Article> Public(NashirDb db, TimeProvider clock) => db.Public(clock).AsNoTracking();

    /// <summary>The public tag with this slug, current or former; a tag readers may not see is as unknown as one that does not exist.</summary>
    private static async Task<int?> TagIdAsync(NashirDb db, TimeProvider clock, string slug, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.PublicTags(now).Where(t => t.Slug == slug).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct)
            ?? await db.PublicTagFormerly(slug, now).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>A slug quoted back in a message, cut short so a hostile one cannot fill the answer.</summary>
    private static string Short(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
