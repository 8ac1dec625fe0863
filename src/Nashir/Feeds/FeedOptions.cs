namespace Nashir.Feeds;

/// <summary>Settings under <c>Nashir:Feeds</c>: RSS/Atom feeds and sitemaps.</summary>
public sealed class FeedOptions
{
    /// <summary>Articles in each feed, newest first. Default 50.</summary>
    public int Items { get; set; } = 50;

    /// <summary>
    /// Put the whole article body in feeds (RSS <c>content:encoded</c>, Atom <c>content</c>) besides the summary.
    /// Default false: the summary (dek) only, so readers come to the site for the story.
    /// </summary>
    public bool FullContent { get; set; }

    /// <summary>
    /// Articles per article sitemap file. Default 50,000, the most the sitemap protocol allows; smaller values
    /// give more, smaller files.
    /// </summary>
    public int SitemapPageSize { get; set; } = SitemapLimits.MaxUrls;

    /// <summary>How far back the Google News sitemap reaches. Default 48 hours, what Google News reads.</summary>
    public TimeSpan NewsWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Cache-Control max-age for feeds and sitemaps (conditional requests revalidate cheaply). Default 5 minutes.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);
}

public static class SitemapLimits
{
    /// <summary>URLs one sitemap file may hold (sitemaps.org).</summary>
    public const int MaxUrls = 50_000;

    /// <summary>Articles one Google News sitemap may hold.</summary>
    public const int MaxNewsUrls = 1_000;
}

public static class FeedSetup
{
    public static IServiceCollection AddNashirFeeds(this IServiceCollection services, IConfigurationSection nashir)
    {
        services.AddOptions<FeedOptions>().Bind(nashir.GetSection("Feeds"))
            .Validate(o => o.Items is >= 1 and <= 500, "Nashir:Feeds:Items must be between 1 and 500.")
            .Validate(o => o.SitemapPageSize is >= 1 and <= SitemapLimits.MaxUrls, "Nashir:Feeds:SitemapPageSize must be between 1 and 50000.")
            .Validate(o => o.NewsWindow > TimeSpan.Zero && o.NewsWindow <= TimeSpan.FromDays(2), "Nashir:Feeds:NewsWindow must be positive and at most two days.")
            .Validate(o => o.MaxAge >= TimeSpan.Zero, "Nashir:Feeds:MaxAge must not be negative.")
            .ValidateOnStart();
        return services;
    }
}
