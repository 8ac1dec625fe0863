using Nashir.Articles;

namespace Nashir.Search;

public enum SearchSort
{
    /// <summary>BM25 relevance with a tunable recency boost.</summary>
    Relevance = 0,

    /// <summary>Newest first.</summary>
    Newest = 1,
}

/// <summary>
/// One search as a reader (or the API) asks it. <see cref="Text"/> understands words, "exact phrases" and -exclusions;
/// the filters take slugs and dates in the site's calendar (inclusive).
/// </summary>
public sealed record SearchRequest
{
    public string? Text { get; init; }
    public string? Category { get; init; }
    public string? Tag { get; init; }
    public string? Author { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public SearchSort Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 10;

    public bool HasFilters => Category is not null || Tag is not null || Author is not null || From is not null || To is not null;
}

/// <summary>Why a search has no results to show, beyond "nothing matched". Each has an Arabic message for the reader.</summary>
public enum SearchProblem
{
    None = 0,

    /// <summary>No text and no filter: show the search form, not an error.</summary>
    Empty,

    /// <summary>The text is longer than <see cref="SearchLimits.MaxQueryLength"/>.</summary>
    TooLong,

    /// <summary>Nothing left to search for: only stop words, emoji or punctuation, or only exclusions.</summary>
    NothingToSearch,

    /// <summary>A page beyond <see cref="SearchLimits.MaxResults"/> results.</summary>
    PageTooDeep,

    /// <summary>A filter the reader can fix: a "from" date after the "to" date.</summary>
    BadFilter,
}

public static class SearchLimits
{
    public const int MaxQueryLength = 300;
    public const int MaxPageSize = 50;

    /// <summary>How deep pagination goes; news readers never page past this.</summary>
    public const int MaxResults = 1000;
}

/// <summary>A result: the article's card (from the database, so only published articles appear) and its highlighted text.</summary>
/// <param name="Card">The article as lists show it.</param>
/// <param name="HeadlineHtml">The headline, HTML-encoded, with matches in <c>&lt;mark&gt;</c>.</param>
/// <param name="SnippetHtml">A passage of the dek or body around the matches, HTML-encoded, with <c>&lt;mark&gt;</c>.</param>
/// <param name="Score">The ranking score (relevance with the recency boost); 0 when sorted by date.</param>
public sealed record SearchHit(ArticleCard Card, string HeadlineHtml, string SnippetHtml, float Score);

/// <param name="Request">The search as understood (page and page size clamped).</param>
/// <param name="Hits">This page of results.</param>
/// <param name="Total">How many articles match in all (not only this page).</param>
/// <param name="Problem">Why the search could not run as asked, if it could not.</param>
/// <param name="Relaxed">No article had every word, so these results have some of them; the page says so.</param>
/// <param name="Message">Arabic text for the reader when <see cref="Problem"/> is not None or nothing matched.</param>
/// <param name="Took">Time spent in the index and the database.</param>
/// <param name="IndexReady">False while the index is being built for the first time: results may be incomplete.</param>
public sealed record SearchResults(
    SearchRequest Request,
    IReadOnlyList<SearchHit> Hits,
    int Total,
    SearchProblem Problem,
    bool Relaxed,
    string? Message,
    TimeSpan Took,
    bool IndexReady)
{
    public int Page => Request.Page;
    public int PageSize => Request.PageSize;
    public int PageCount => Total == 0 ? 0 : (Math.Min(Total, SearchLimits.MaxResults) + PageSize - 1) / PageSize;
}

/// <summary>A headline for the search box's autocomplete.</summary>
public sealed record SearchSuggestion(string Headline, string Url);
