namespace Nashir.Wire;

/// <summary>The format of an agency feed; <see cref="Auto"/> looks at the first character (<c>&lt;</c> XML, <c>{</c>/<c>[</c> ninjs).</summary>
public enum WireFormat
{
    Auto = 0,
    Rss = 1,
    Atom = 2,
    Ninjs = 3,
}

/// <summary>Wire ingest settings, under <c>Nashir:Wire</c>. With no feeds configured nothing is fetched.</summary>
public sealed class WireOptions
{
    /// <summary>The agency feeds, e.g. <c>Nashir:Wire:Feeds:0:Name</c>. Default none.</summary>
    public List<WireFeedOptions> Feeds { get; set; } = [];

    /// <summary>
    /// Fetch from private, loopback, link-local and other internal addresses. Default false: a feed address
    /// pointing into the network the site runs in (a cloud metadata service, an admin port) is refused.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Largest feed response, in bytes, after decompression. Default 5 MB.</summary>
    public long MaxResponseBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Time allowed for one fetch, body included. Default 20 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Redirects followed per fetch. Default 3.</summary>
    public int MaxRedirects { get; set; } = 3;

    /// <summary>How long an item is kept after the feed last listed it. Default 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the poller looks for feeds that are due. Default 30 s; each feed has its own interval.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Byline of an adopted item; <c>{site}</c> is the site name, <c>{source}</c> the feed's source.
    /// Default "{site} - {source}", e.g. "الرأي برس - الأناضول".
    /// </summary>
    public string BylineFormat { get; set; } = "{site} - {source}";

    /// <summary>
    /// Treat a new item whose normalized headline matches an item of the same feed as that item (agencies
    /// re-send stories under new ids). Default true.
    /// </summary>
    public bool DeduplicateHeadlines { get; set; } = true;

    public WireFeedOptions? Find(string? name) =>
        name is null ? null : Feeds.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}

/// <summary>One agency feed.</summary>
public sealed class WireFeedOptions
{
    /// <summary>The feed's name in the newsroom and its identity in the database (keep it stable).</summary>
    public string Name { get; set; } = "";

    /// <summary>http(s) address of the feed.</summary>
    public string Url { get; set; } = "";

    public WireFormat Format { get; set; } = WireFormat.Auto;

    /// <summary>The agency, e.g. الأناضول: the article's Source (created if missing) on adoption. Default: the feed's name.</summary>
    public string? Source { get; set; }

    /// <summary>Byline for items adopted from this feed; default from <see cref="WireOptions.BylineFormat"/>.</summary>
    public string? Byline { get; set; }

    /// <summary>Minutes between fetches. Default 10.</summary>
    public int IntervalMinutes { get; set; } = 10;

    public string SourceName => string.IsNullOrWhiteSpace(Source) ? Name : Source.Trim();
}
