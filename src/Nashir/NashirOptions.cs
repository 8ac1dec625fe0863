using Nashir.Arabic;

namespace Nashir;

/// <summary>
/// Settings under <c>Nashir:</c>. They are the defaults of the site settings; a value saved in the
/// database (the newsroom's settings page) wins over the configured one.
/// </summary>
public sealed class NashirOptions
{
    public const string Section = "Nashir";

    /// <summary>Folder for the database, the search index and media. Default <c>./data</c>.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>Seed demo content into an empty database. Default true.</summary>
    public bool DemoContent { get; set; } = true;

    /// <summary>IANA time zone the site renders times in. Default <c>Asia/Aden</c>.</summary>
    public string TimeZone { get; set; } = "Asia/Aden";

    /// <summary>Default "الرأي برس".</summary>
    public string SiteName { get; set; } = "الرأي برس";

    public string? Tagline { get; set; } = "أخبار اليمن والعالم";

    /// <summary>Month names: Egyptian (يناير), Levantine (كانون الثاني) or Both. Default Egyptian.</summary>
    public MonthNaming MonthNaming { get; set; } = MonthNaming.Egyptian;

    /// <summary>Western (0-9) or ArabicIndic (٠-٩). Default Western.</summary>
    public DigitStyle Digits { get; set; } = DigitStyle.Western;

    /// <summary>Show the Hijri (Umm al-Qura) date beside the Gregorian one in the header. Default false.</summary>
    public bool ShowHijri { get; set; }

    public string? FacebookUrl { get; set; } = "https://www.facebook.com/";
    public string? TelegramUrl { get; set; } = "https://t.me/";

    /// <summary>Default comment mode for articles that do not set one. Default PreModerated.</summary>
    public Articles.CommentMode CommentMode { get; set; } = Articles.CommentMode.PreModerated;

    /// <summary>Comments close this many days after publication; 0 (the default) keeps them open.</summary>
    public int CommentsCloseAfterDays { get; set; }

    /// <summary>Show newest comments first. Default false (oldest first, as a conversation reads).</summary>
    public bool CommentsNewestFirst { get; set; }

    /// <summary>Hours a breaking article stays in the ticker on every reader page. Default 6.</summary>
    public int BreakingHours { get; set; } = 6;

    /// <summary>
    /// The site's public origin, e.g. <c>https://alraai.example</c>, for absolute links in feeds, sitemaps,
    /// structured data and social posts. Default none: links use the request's host (only those in
    /// <c>AllowedHosts</c> are answered), and background jobs (which have no request) fall back to
    /// <c>http://localhost</c>; set it in production.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Connection string; default is a SQLite file in <see cref="DataPath"/>.</summary>
    public string? ConnectionString { get; set; }

    public string DatabasePath => Path.Combine(DataPath, "nashir.db");
    public string MediaPath => Path.Combine(DataPath, "media");
}
