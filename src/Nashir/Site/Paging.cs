using System.Globalization;

namespace Nashir.Site;

/// <summary>Page numbers from the query string: "?page=2". Missing means 1; anything else malformed is the caller's 400.</summary>
public sealed record Paging(int Page, int PageSize, int TotalItems)
{
    public const int DefaultPageSize = 20;
    public const int MaxPage = 100_000;

    public int TotalPages => Math.Max(1, (TotalItems + PageSize - 1) / PageSize);
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < TotalPages;
    public int Skip => (Page - 1) * PageSize;
    public bool IsBeyondEnd => Page > TotalPages;

    public static bool TryParsePage(string? raw, out int page)
    {
        page = 1;
        if (raw is null)
            return true;
        // On failure page stays 1, so a caller that ignores the answer can never page with 0 or a negative skip.
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= MaxPage)
        {
            page = parsed;
            return true;
        }
        return false;
    }
}
