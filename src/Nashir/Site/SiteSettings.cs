using Nashir.Arabic;
using Nashir.Articles;

namespace Nashir.Site;

/// <summary>
/// The one row of site settings the newsroom edits. Every column is nullable: null means
/// "use the configured default" (<see cref="NashirOptions"/>).
/// </summary>
public sealed class SiteSettingsRow
{
    public int Id { get; set; } = 1;
    public string? SiteName { get; set; }
    public string? Tagline { get; set; }
    public string? TimeZone { get; set; }
    public MonthNaming? MonthNaming { get; set; }
    public DigitStyle? Digits { get; set; }
    public bool? ShowHijri { get; set; }
    public string? FacebookUrl { get; set; }
    public string? TelegramUrl { get; set; }
    public string? CommentDisclaimer { get; set; }
    public CommentMode? CommentMode { get; set; }

    /// <summary>Comments close this many days after publication (0: never).</summary>
    public int? CommentsCloseAfterDays { get; set; }

    public bool? CommentsNewestFirst { get; set; }

    /// <summary>How many hours a breaking article stays in the ticker.</summary>
    public int? BreakingHours { get; set; }

    /// <summary>SHA-256 of the one-time first-run setup token; cleared once the first admin exists.</summary>
    public string? SetupTokenHash { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>The settings in force: the database row over the configured defaults.</summary>
public sealed record SiteSettings(
    string SiteName,
    string? Tagline,
    TimeZoneInfo TimeZone,
    MonthNaming MonthNaming,
    DigitStyle Digits,
    bool ShowHijri,
    string? FacebookUrl,
    string? TelegramUrl,
    string CommentDisclaimer,
    CommentMode CommentMode,
    int BreakingHours,
    int CommentsCloseAfterDays,
    bool CommentsNewestFirst)
{
    public static string DefaultDisclaimer(string siteName) =>
        $"المشاركات والتعليقات المنشورة لا تمثل {siteName} وإنما تعبر عن رأي أصحابها";

    public static SiteSettings Resolve(NashirOptions options, SiteSettingsRow? row)
    {
        var name = NonEmpty(row?.SiteName) ?? options.SiteName;
        return new SiteSettings(
            name,
            NonEmpty(row?.Tagline) ?? NonEmpty(options.Tagline),
            FindTimeZone(NonEmpty(row?.TimeZone) ?? options.TimeZone),
            row?.MonthNaming ?? options.MonthNaming,
            row?.Digits ?? options.Digits,
            row?.ShowHijri ?? options.ShowHijri,
            NonEmpty(row?.FacebookUrl) ?? NonEmpty(options.FacebookUrl),
            NonEmpty(row?.TelegramUrl) ?? NonEmpty(options.TelegramUrl),
            NonEmpty(row?.CommentDisclaimer) ?? DefaultDisclaimer(name),
            row?.CommentMode is { } mode and not CommentMode.SiteDefault ? mode : options.CommentMode,
            Math.Clamp(row?.BreakingHours ?? options.BreakingHours, 0, 72),
            Math.Max(0, row?.CommentsCloseAfterDays ?? options.CommentsCloseAfterDays),
            row?.CommentsNewestFirst ?? options.CommentsNewestFirst);
    }

    /// <summary>Throws a clear message for an unknown zone so a typo fails at start-up, not on a reader's request.</summary>
    public static TimeZoneInfo FindTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : throw new InvalidOperationException($"Unknown time zone '{id}' (Nashir:TimeZone). Use an IANA name such as Asia/Aden.");

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
