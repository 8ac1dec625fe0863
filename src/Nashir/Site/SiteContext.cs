using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nashir.Arabic;
using Nashir.Articles;
using Nashir.Data;

namespace Nashir.Site;

/// <summary>
/// What every reader page needs beside its own content (settings, navigation, "آخر تحديث"),
/// loaded once per request. Settings and navigation come from <see cref="SiteSettingsCache"/>.
/// </summary>
public sealed class SiteContext(NashirDb db, SiteSettingsCache cache, TimeProvider clock)
{
    private SiteFrame? _frame;

    /// <summary>The settings alone, for work that renders no page, such as taking a comment.</summary>
    public async Task<SiteSettings> GetSettingsAsync(CancellationToken ct = default) => (await cache.GetAsync(ct)).Settings;

    /// <summary>The navigation's categories, in order, with their ids (the home page's blocks).</summary>
    public async Task<IReadOnlyList<NavCategory>> GetNavigationAsync(CancellationToken ct = default) => (await cache.GetAsync(ct)).Navigation;

    public async Task<SiteFrame> GetAsync(CancellationToken ct = default)
    {
        if (_frame is not null)
            return _frame;
        var snapshot = await cache.GetAsync(ct);
        var settings = snapshot.Settings;
        var navigation = snapshot.Navigation.Select(c => new NavItem(c.Slug, c.Name)).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var published = db.Public(now);
        // An article's latest change is its update, else its publication (Article.LastChangedAt). An update is never
        // before its publication, so the latest of the two maxima is the same, and each is read from an index
        // (Status, PublishedAt) and (Status, UpdatedAt) instead of scanning every article on every page.
        var lastPublished = await published.MaxAsync(a => a.PublishedAt, ct);
        // REVIEW: the updates are read by status alone. With the rule's time check as well, SQLite (no statistics)
        // walks every published article by (Status, PublishedAt) instead of taking the top of (Status, UpdatedAt); the
        // cost is that an edit to an article not yet due may show as the site's last update (an edit time, never ahead).
        var lastUpdated = await db.Articles.Where(a => a.Status == ArticleStatus.Published).MaxAsync(a => a.UpdatedAt, ct);
        var lastChange = lastUpdated > lastPublished ? lastUpdated : lastPublished ?? lastUpdated;
        var breakingSince = now.AddHours(-settings.BreakingHours);
        var breaking = settings.BreakingHours == 0
            ? []
            : await published.Where(a => a.IsBreaking && a.PublishedAt >= breakingSince).Latest().Take(5)
                .Select(a => new NavItem(a.Slug, a.Headline)).ToListAsync(ct);
        _frame = new SiteFrame(settings, navigation, lastChange, new SiteFormat(settings, now), breaking);
        return _frame;
    }
}

public sealed record NavItem(string Slug, string Name);

public sealed record SiteFrame(SiteSettings Settings, IReadOnlyList<NavItem> Navigation, DateTime? LastUpdateUtc, SiteFormat Format, IReadOnlyList<NavItem> Breaking);

/// <summary>Renders times and numbers the way the site is configured (time zone, month names, digits).</summary>
public sealed class SiteFormat(SiteSettings settings, DateTime nowUtc)
{
    public DateTime NowUtc { get; } = nowUtc;

    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), settings.TimeZone);

    /// <summary>"الثلاثاء 01 أكتوبر 2024"</summary>
    public string LongDate(DateTime utc) => ArabicDates.FormatLongDate(Local(utc), settings.MonthNaming, settings.Digits);

    /// <summary>"01 أكتوبر 2024"</summary>
    public string Date(DateTime utc) => ArabicDates.FormatDate(Local(utc), settings.MonthNaming, settings.Digits);

    /// <summary>"23:29"</summary>
    public string Time(DateTime utc) => ArabicDates.FormatTime(Local(utc), settings.Digits);

    public string Hijri(DateTime utc) => ArabicDates.FormatHijri(Local(utc), settings.Digits);

    public string Relative(DateTime utc) => RelativeTime.Format(
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        new DateTimeOffset(DateTime.SpecifyKind(NowUtc, DateTimeKind.Utc)),
        settings.Digits);

    public string Number(long n) => ArabicDigits.Format(n, settings.Digits);

    /// <summary>A counted noun with the right Arabic form: "تعليقان"، "3 تعليقات"، "11 تعليقاً".</summary>
    public string Count(long n, PluralForms forms) => ArabicPlural.Count(n, forms, settings.Digits);

    /// <summary>Machine-readable time for <c>&lt;time datetime&gt;</c>, with the site's offset.</summary>
    public string Iso(DateTime utc)
    {
        var local = Local(utc);
        var offset = settings.TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
