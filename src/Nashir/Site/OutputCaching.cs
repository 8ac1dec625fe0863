using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Nashir.Data;

namespace Nashir.Site;

/// <summary>Settings under <c>Nashir:OutputCache</c>.</summary>
public sealed class OutputCacheSettings
{
    public const string Section = "OutputCache";

    /// <summary>Serve anonymous reader pages, feeds, sitemaps and API reads from the output cache. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Lifetime of a front (home, listings, feeds, sitemaps, API lists), each entry ±20 %. Default 60 s.</summary>
    public int FrontSeconds { get; set; } = 60;

    /// <summary>Lifetime of an article page or API article, each entry ±20 %. Default 600 s.</summary>
    public int ArticleSeconds { get; set; } = 600;
}

/// <summary>
/// The names of every output-cache tag, in one place. An entry carries <see cref="Site"/>, its kind's tag and the
/// articles it shows; a change evicts the tags <see cref="CacheEvictions"/> works out from it. Ids, not slugs: a
/// renamed article or tag keeps its entries' tag. Plain strings, so a Redis store keeps them as they are.
/// </summary>
public static class CacheTags
{
    /// <summary>Every entry: a change to settings, navigation or taxonomy evicts them all.</summary>
    public const string Site = "site";

    /// <summary>Home, the site feeds, sitemaps and the API's lists (they add it themselves): every publication changes them.</summary>
    public const string Fronts = "fronts";

    /// <summary>The article's page and every page that lists it.</summary>
    public static string Article(int id) => "a:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The article's own page only (its comments): a comment decision evicts nothing else.</summary>
    public static string Comments(int articleId) => "c:" + articleId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Category(int id) => "cat:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static string Tag(int id) => "tag:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static string Author(int id) => "au:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Tags the answer being rendered, when the output cache handles this request (else nothing).</summary>
    public static void Add(HttpContext http, params IEnumerable<string> tags)
    {
        if (http.Features.Get<IOutputCacheFeature>()?.Context is not { } context)
            return;
        foreach (var tag in tags)
            context.Tags.Add(tag);
    }

    /// <summary>Tags the answer with every article it lists.</summary>
    public static void AddArticles(HttpContext http, IEnumerable<int> ids) => Add(http, ids.Select(Article));
}

/// <summary>
/// How reader answers are cached. Only anonymous GET/HEAD requests use the cache (a request with the newsroom's
/// cookie neither reads nor fills it), only a 200 without Set-Cookie is stored, and every entry's key carries the
/// query string, the Accept-Encoding (the body is stored compressed) and <see cref="SiteDay"/>'s key, which changes
/// at local midnight, when "آخر تحديث" moves to another day and when a future-dated article comes due. Concurrent
/// misses for one key wait for the first (the middleware's locking, on by default and left on).
/// </summary>
public sealed class ReaderCachePolicy(ReaderCachePolicy.Kind kind) : IOutputCachePolicy
{
    public enum Kind
    {
        Front,
        Article,
        Api,
    }

    public const string FrontPolicy = "front";
    public const string ArticlePolicy = "article";
    public const string ApiPolicy = "api";

    /// <summary>The newsroom's sign-in cookie (Accounts): its holder always gets a fresh, unstored answer.</summary>
    public const string SignInCookie = "nashir.auth";

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var settings = http.RequestServices.GetRequiredService<IOptions<OutputCacheSettings>>().Value;
        var request = http.Request;
        var attempt = settings.Enabled
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !request.Cookies.ContainsKey(SignInCookie)
            && !request.Headers.Authorization.Any()
            // The confirmation after a comment post (post-redirect-get) is not a page to keep.
            && !request.Query.ContainsKey("comment")
            // A key holder's answer is private (ContentApiHttp), and each one must pass the key check and its
            // last-use stamp: the API is cached only when it is open.
            && (kind != Kind.Api || !http.RequestServices.GetRequiredService<IOptions<ContentApi.ContentApiOptions>>().Value.RequireKey);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = attempt;
        context.AllowCacheStorage = attempt;
        context.AllowLocking = true;
        if (!attempt)
            return;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.HeaderNames = Microsoft.Net.Http.Headers.HeaderNames.AcceptEncoding;
        context.CacheVaryByRules.VaryByValues["day"] = await http.RequestServices.GetRequiredService<SiteDay>().KeyAsync(cancellation);
        var seconds = kind == Kind.Article ? settings.ArticleSeconds : settings.FrontSeconds;
        // Jitter: entries filled together (a restart, a purge) do not all expire in the same second.
        context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(seconds * (0.8 + (0.4 * Random.Shared.NextDouble())));
        context.Tags.Add(CacheTags.Site);
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // A cookie is somebody's (a re-issued sign-in, an anti-forgery token): such an answer is never kept.
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
            context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }

    public static IServiceCollection AddNashirOutputCache(IServiceCollection services, IConfigurationSection section)
    {
        services.AddOptions<OutputCacheSettings>().Bind(section)
            .Validate(o => o.FrontSeconds > 0 && o.ArticleSeconds > 0, "Nashir:OutputCache lifetimes must be positive.")
            .ValidateOnStart();
        services.AddSingleton<SiteDay>();
        services.AddSingleton<CacheEvictions>();
        // REVIEW: the in-memory store; several nodes register a Redis IOutputCacheStore here instead
        // (Microsoft.AspNetCore.OutputCaching.StackExchangeRedis), and the tags and evictions stay as they are.
        services.AddOutputCache(o =>
        {
            o.AddPolicy(FrontPolicy, new ReaderCachePolicy(Kind.Front));
            o.AddPolicy(ArticlePolicy, new ReaderCachePolicy(Kind.Article));
            o.AddPolicy(ApiPolicy, new ReaderCachePolicy(Kind.Api));
        });
        return services;
    }
}

/// <summary>
/// The part of every page's key that follows the clock and the site's last change: today's date and the day of
/// "آخر تحديث" in the site's time zone, and the time the next future-dated article comes due. Read from the database
/// at most every 30 s, at those edges, and at once after a change (<see cref="Invalidate"/>).
/// </summary>
public sealed class SiteDay(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(string Key, DateTime ValidUntilUtc);

    public void Invalidate() => _snapshot = null;

    public async ValueTask<string> KeyAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_snapshot is { } s && now < s.ValidUntilUtc)
            return s.Key;
        await using var scope = scopes.CreateAsyncScope();
        var frame = await scope.ServiceProvider.GetRequiredService<SiteContext>().GetAsync(ct);
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var nextDue = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.MinAsync(
            db.Articles.Where(a => a.Status == Articles.ArticleStatus.Published && a.PublishedAt > now), a => a.PublishedAt, ct);
        var today = frame.Format.Local(now).Date;
        var zone = frame.Settings.TimeZone;
        var nextMidnight = NextMidnightUtc(today, zone, now);
        var lastDay = frame.LastUpdateUtc is { } last ? frame.Format.Local(last).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) : "-";
        var validUntil = new[] { now + MaxAge, nextMidnight, nextDue ?? DateTime.MaxValue }.Min();
        var key = string.Join('|',
            today.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), lastDay,
            (nextDue?.Ticks ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _snapshot = new Snapshot(key, validUntil);
        return key;
    }

    // A zone whose clocks jump over midnight has no local 00:00 that day: the next refresh comes within MaxAge.
    private static DateTime NextMidnightUtc(DateTime today, TimeZoneInfo zone, DateTime now)
    {
        var midnight = DateTime.SpecifyKind(today.AddDays(1), DateTimeKind.Unspecified);
        return zone.IsInvalidTime(midnight) ? now + MaxAge : TimeZoneInfo.ConvertTimeToUtc(midnight, zone);
    }
}
