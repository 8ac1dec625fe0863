using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Search;
using Nashir.Site;

namespace Nashir.Pages.Search;

/// <summary>
/// The reader's search page. Its job: read the query string once into a <see cref="SearchRequest"/> (a malformed
/// address is a 400 that keeps the form and says what is wrong, in Arabic), ask the index, and show the results,
/// the empty state, or the engine's message.
/// </summary>
public sealed class SearchModel(ArticleSearch search, NashirDb db, TimeProvider clock) : PageModel
{
    public const string Path = "/search";
    public const int LatestCount = 4;

    // The page title quotes the query; a 300-character title helps nobody.
    private const int TitleQueryLength = 60;

    public string Query { get; private set; } = "";
    public string? Category { get; private set; }
    public NavItem? Tag { get; private set; }
    public NavItem? Author { get; private set; }
    public DateOnly? From { get; private set; }
    public DateOnly? To { get; private set; }
    public SearchSort Sort { get; private set; }
    public int PageNumber { get; private set; } = 1;

    /// <summary>Ten unless the address asks otherwise (the JSON endpoint's pageSize); kept in the page links.</summary>
    public int PageSize { get; private set; } = DefaultPageSize;

    private const int DefaultPageSize = 10;

    private static readonly string[] SingleValued = ["page", "pageSize", "sort", "from", "to", "category", "tag", "author"];

    public IReadOnlyList<NavItem> Categories { get; private set; } = [];

    /// <summary>What is wrong with the address itself (a page number, a date, a filter that does not exist).</summary>
    public List<string> Errors { get; } = [];

    public SearchResults? Results { get; private set; }
    public Paging Paging { get; private set; } = new(1, 10, 0);

    /// <summary>Offered when nothing matched: a reader who found nothing still has something to read.</summary>
    public IReadOnlyList<ArticleCard> Latest { get; private set; } = [];

    public bool HasFilters => Category is not null || Tag is not null || Author is not null || From is not null || To is not null;

    /// <summary>The engine refused the request for a reason the reader can fix (too long, too deep, dates reversed).</summary>
    public bool Refused => Results?.Problem is SearchProblem.TooLong or SearchProblem.PageTooDeep or SearchProblem.BadFilter;

    /// <summary>Results exist, but not on this page (an old link to page 5 of a search that now has 2).</summary>
    public bool BeyondEnd => Results is { Problem: SearchProblem.None, Total: > 0 } && Paging.IsBeyondEnd;

    public bool NothingFound => Results is { Problem: SearchProblem.None, Total: 0 } or { Problem: SearchProblem.NothingToSearch };

    public bool ShowResults => Errors.Count == 0 && Results is { Problem: SearchProblem.None, Total: > 0 } && !BeyondEnd;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Categories = await db.Categories.AsNoTracking()
            .OrderBy(c => c.Position).ThenBy(c => c.Id)
            .Select(c => new NavItem(c.Slug, c.Name))
            .ToListAsync(ct);
        var request = await ReadQueryAsync(ct);
        if (request is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Results = await search.SearchAsync(request, ct);
        Paging = new Paging(PageNumber, Results.PageSize, Math.Min(Results.Total, SearchLimits.MaxResults));

        if (Refused)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (BeyondEnd)
            Response.StatusCode = StatusCodes.Status404NotFound;
        else if (NothingFound)
            Latest = await db.Public(clock).Latest().Take(LatestCount).ToCards().ToListAsync(ct);
        return Page();
    }

    /// <summary>
    /// The query string read as the JSON endpoint reads it (<see cref="SearchRequestQuery"/>), plus what only a page
    /// needs: the filters' names for the form, and a 400 for a filter that names nothing. Null when the address is bad.
    /// </summary>
    private async Task<SearchRequest?> ReadQueryAsync(CancellationToken ct)
    {
        var (request, error) = SearchRequestQuery.Parse(Request.Query);
        if (request is null)
        {
            // Keep what the reader typed in the box; the rest of the address is what is wrong.
            Query = string.Join(' ', Request.Query["q"].Where(v => !string.IsNullOrWhiteSpace(v))).Trim();
            Errors.Add(error ?? "رابط البحث غير صالح.");
            return null;
        }

        (Query, From, To, Sort, PageNumber, PageSize) = (request.Text?.Trim() ?? "", request.From, request.To, request.Sort, request.Page, request.PageSize);
        // The parser takes the first of repeated values; an address with two pages or two dates is not one our form makes.
        if (SingleValued.Any(name => Request.Query[name].Count > 1))
            Errors.Add("رابط البحث غير صالح: أحد حقوله مكرر. أعد البحث من النموذج.");
        if (request.Category is { } category)
        {
            if (Categories.Any(c => string.Equals(c.Slug, category, StringComparison.Ordinal)))
                Category = category;
            else
                Errors.Add("القسم المطلوب غير موجود.");
        }
        if (request.Tag is { } tag)
        {
            // A tag or author readers may not see yet is as unknown as a name that does not exist.
            Tag = await db.PublicTags(clock).AsNoTracking().Where(t => t.Slug == tag).Select(t => new NavItem(t.Slug, t.Name)).FirstOrDefaultAsync(ct);
            if (Tag is null)
                Errors.Add("الوسم المطلوب غير موجود.");
        }
        if (request.Author is { } author)
        {
            Author = await db.PublicAuthors(clock).AsNoTracking().Where(a => a.Slug == author).Select(a => new NavItem(a.Slug, a.Name)).FirstOrDefaultAsync(ct);
            if (Author is null)
                Errors.Add("الكاتب المطلوب غير موجود.");
        }
        return Errors.Count == 0 ? request : null;
    }

    /// <summary>The options are folded only over results on the first, plain search: never hide a filter in use.</summary>
    public bool OptionsOpen => HasFilters || Sort != SearchSort.Relevance || Errors.Count > 0 || Results is null or { Problem: not SearchProblem.None };

    public string NothingFoundHeading => Query.Length > 0 ? $"لم نعثر على نتائج لبحثك عن «{Shorten(Query, TitleQueryLength)}»" : "لم نعثر على نتائج";

    public string Heading => Query.Length > 0 ? $"نتائج البحث عن «{Shorten(Query, TitleQueryLength)}»" : HasFilters ? "نتائج البحث" : "البحث";

    public string Title(SiteFormat fmt)
    {
        var title = Query.Length > 0 ? $"البحث عن «{Shorten(Query, TitleQueryLength)}»" : "البحث";
        return PageNumber > 1 ? $"{title} - صفحة {fmt.Number(PageNumber)}" : title;
    }

    /// <summary>The query as the text box shows it again: at most what the box accepts.</summary>
    public string QueryForInput => Shorten(Query, SearchLimits.MaxQueryLength, ellipsis: false);

    public string PageUrl(int page) => BuildUrl(page, filters: true, Sort);

    /// <summary>The same words without any filter: the empty state's "remove the filters" link.</summary>
    public string UnfilteredUrl => BuildUrl(1, filters: false, Sort);

    /// <summary>This search without one filter, for the "×" beside the tag or author it names.</summary>
    public string UrlWithout(string name)
    {
        var pairs = Pairs(filters: true, Sort).Where(p => !string.Equals(p.Key, name, StringComparison.Ordinal));
        return Path + QueryString.Create(pairs).ToUriComponent();
    }

    private string BuildUrl(int page, bool filters, SearchSort sort)
    {
        var pairs = Pairs(filters, sort);
        if (page > 1)
            pairs.Add(new("page", page.ToString(CultureInfo.InvariantCulture)));
        return Path + QueryString.Create(pairs).ToUriComponent();
    }

    private List<KeyValuePair<string, string?>> Pairs(bool filters, SearchSort sort)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        if (Query.Length > 0)
            pairs.Add(new("q", QueryForInput));
        if (filters)
        {
            if (Category is not null)
                pairs.Add(new("category", Category));
            if (Tag is not null)
                pairs.Add(new("tag", Tag.Slug));
            if (Author is not null)
                pairs.Add(new("author", Author.Slug));
            if (From is { } from)
                pairs.Add(new("from", IsoDate(from)));
            if (To is { } to)
                pairs.Add(new("to", IsoDate(to)));
        }
        if (sort == SearchSort.Newest)
            pairs.Add(new("sort", "newest"));
        if (PageSize != DefaultPageSize)
            pairs.Add(new("pageSize", PageSize.ToString(CultureInfo.InvariantCulture)));
        return pairs;
    }

    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Shorten(string text, int max, bool ellipsis = true)
    {
        if (text.Length <= max)
            return text;
        // Never cut a surrogate pair in half (an emoji would become an invalid character).
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return ellipsis ? text[..cut] + "…" : text[..cut];
    }
}
