using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nashir.Arabic;
using Nashir.Articles;
using Nashir.Audit;
using Nashir.Data;

namespace Nashir.Import;

/// <summary>
/// One article from another system, whatever the format (JSON Lines now; WordPress later): the one path every
/// importer feeds. <see cref="ExternalId"/> makes imports idempotent: the same id updates, never duplicates.
/// </summary>
public sealed record ImportRecord
{
    /// <summary>Stable id in the source system, prefixed with the format (e.g. <c>jsonl:BB-middleEast-418-20180428</c>).</summary>
    public required string ExternalId { get; init; }
    public required string Title { get; init; }

    /// <summary>Plain text, paragraphs separated by blank lines. Use this or <see cref="BodyHtml"/>.</summary>
    public string? BodyText { get; init; }

    /// <summary>HTML from the source; it goes through the same sanitizer as the editor.</summary>
    public string? BodyHtml { get; init; }

    /// <summary>The source's section key (e.g. <c>sport</c>); the category is created if missing.</summary>
    public string? Category { get; init; }

    public required DateTime PublishedAtUtc { get; init; }

    /// <summary>The outlet or agency (e.g. "BBC Arabic"); a Source is created if missing and becomes the byline.</summary>
    public string? Source { get; init; }
}

public readonly record struct ImportProgress(long Position, long Length, int Added, int Updated, int Unchanged);

public sealed record ImportReport(int Added, int Updated, int Unchanged, TimeSpan Took);

/// <summary>Writes <see cref="ImportRecord"/>s as published articles, in batches, each batch one transaction.</summary>
/// <remarks>Articles go live through the one publishing path (<see cref="Publishing"/>, origin Import: a revision each, never
/// a social post, one audit entry for the whole run).</remarks>
public sealed class ArticleImporter(NashirDb db, BodySanitizer sanitizer, AuditLog audit, Publishing publishing, TimeProvider clock)
{
    public const int BatchSize = 500;

    /// <summary>Arabic names for the section keys of the test corpus (and any source using the same keys).</summary>
    private static readonly Dictionary<string, string> KnownSections = new(StringComparer.OrdinalIgnoreCase)
    {
        ["international"] = "دولية",
        ["middle-east"] = "الشرق الأوسط",
        ["sport"] = "رياضة",
        ["local"] = "وطنية",
        ["economy"] = "اقتصاد",
        ["technology"] = "تكنولوجيا",
        ["culture"] = "ثقافة",
        ["society"] = "مجتمع",
        ["politics"] = "سياسة",
        ["miscellaneous"] = "متفرقات",
    };

    private readonly Dictionary<string, Category> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Source> _sources = new(StringComparer.Ordinal);
    private HashSet<string>? _slugs;

    public async Task<ImportReport> ImportAsync(IAsyncEnumerable<(ImportRecord Record, long Position)> records, long length, IProgress<ImportProgress>? progress, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        int added = 0, updated = 0, unchanged = 0;
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        _slugs = new HashSet<string>(await db.Articles.Select(a => a.Slug).ToListAsync(ct), StringComparer.Ordinal);
        _slugs.UnionWith(await db.ArticleSlugs.Select(s => s.Slug).ToListAsync(ct));

        var batch = new List<ImportRecord>(BatchSize);
        long position = 0;
        await foreach (var (record, at) in records.WithCancellation(ct))
        {
            batch.Add(record);
            position = at;
            if (batch.Count == BatchSize)
                await FlushAsync();
        }
        await FlushAsync();
        audit.RecordSystem(AuditActions.ArticlesImported, "import", null,
            string.Create(CultureInfo.InvariantCulture, $"استيراد: {added} جديد، {updated} محدَّث، {unchanged} دون تغيير."));
        await db.SaveChangesAsync(ct);
        return new ImportReport(added, updated, unchanged, clock.GetElapsedTime(started));

        async Task FlushAsync()
        {
            if (batch.Count == 0)
                return;
            var (a, u, n) = await SaveBatchAsync(batch, ct);
            added += a;
            updated += u;
            unchanged += n;
            batch.Clear();
            progress?.Report(new ImportProgress(position, length, added, updated, unchanged));
        }
    }

    private async Task<(int Added, int Updated, int Unchanged)> SaveBatchAsync(List<ImportRecord> batch, CancellationToken ct)
    {
        // A file may carry the same id twice: the later line wins, as a re-run would make it.
        var records = batch.GroupBy(r => r.ExternalId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var ids = records.Select(r => r.ExternalId).ToList();
        var existing = await db.Articles.Include(a => a.Sources).Where(a => a.ExternalId != null && ids.Contains(a.ExternalId))
            .ToDictionaryAsync(a => a.ExternalId!, StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        int added = 0, updated = 0, unchanged = 0;
        foreach (var record in records)
        {
            var category = record.Category is { Length: > 0 } key ? await CategoryAsync(key, ct) : null;
            var source = record.Source is { Length: > 0 } name ? await SourceAsync(name, ct) : null;
            var headline = ArabicText.CleanUserLine(record.Title);
            if (headline.Length > ArticleForm.HeadlineMax)
                headline = headline[..ArticleForm.HeadlineMax];
            var body = record.BodyHtml is not null ? sanitizer.Sanitize(record.BodyHtml) : Paragraphs(record.BodyText);
            var byline = source?.Name;

            if (!existing.TryGetValue(record.ExternalId, out var article))
            {
                article = new Article
                {
                    ExternalId = record.ExternalId,
                    Slug = NewSlug(headline),
                    Headline = headline,
                    Body = body,
                    CreatedAt = now,
                    Category = category,
                    Byline = byline,
                    Sources = source is null ? [] : [source],
                };
                await publishing.PublishAsync(article, ChangedBy.Import, now, PublishOrigin.Import, publishedAt: record.PublishedAtUtc, ct: ct);
                added++;
                continue;
            }

            var changed = article.Headline != headline || article.Body != body || article.PublishedAt != record.PublishedAtUtc
                || article.CategoryId != category?.Id || article.Byline != byline
                || !article.Sources.Select(s => s.Name).SequenceEqual(source is null ? [] : [source.Name]);
            if (!changed)
            {
                unchanged++;
                continue;
            }
            article.Headline = headline;
            article.Body = body;
            article.PublishedAt = record.PublishedAtUtc;
            article.Category = category;
            article.Byline = byline;
            article.Sources = source is null ? [] : [source];
            await publishing.RecordChangeAsync(article, ChangedBy.Import, now, ct: ct);
            updated++;
        }
        await db.SaveChangesAsync(ct);
        // Articles are let go so memory stays flat; the cached categories and sources are attached again, unchanged,
        // for the next batch, without the articles EF's fix-up put in their collections (attaching those again would
        // re-walk every article imported so far: quadratic).
        db.ChangeTracker.Clear();
        foreach (var category in _categories.Values)
            category.Articles.Clear();
        foreach (var source in _sources.Values)
            source.Articles.Clear();
        db.AttachRange(_categories.Values);
        db.AttachRange(_sources.Values);
        return (added, updated, unchanged);
    }

    private string NewSlug(string headline)
    {
        var slug = Slugs.MakeUnique(Slugs.Slugify(headline, ArticleForm.SlugMax) is { Length: > 0 } s ? s : "مقال", _slugs!.Contains);
        _slugs!.Add(slug);
        return slug;
    }

    private async Task<Category> CategoryAsync(string key, CancellationToken ct)
    {
        if (_categories.TryGetValue(key, out var known))
            return known;
        var name = KnownSections.TryGetValue(key, out var arabic) ? arabic : ArabicText.CleanUserLine(key);
        var slug = Slugs.Slugify(name) is { Length: > 0 } s ? s : Slugs.Slugify(key);
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Slug == slug || c.Name == name, ct);
        if (category is null)
        {
            category = new Category { Name = name, Slug = slug, Position = await db.Categories.CountAsync(ct) };
            db.Categories.Add(category);
            await db.SaveChangesAsync(ct);
        }
        return _categories[key] = category;
    }

    private async Task<Source> SourceAsync(string name, CancellationToken ct)
    {
        name = ArabicText.CleanUserLine(name);
        if (_sources.TryGetValue(name, out var known))
            return known;
        var source = await db.Sources.FirstOrDefaultAsync(s => s.Name == name, ct);
        if (source is null)
        {
            source = new Source { Name = name };
            db.Sources.Add(source);
            await db.SaveChangesAsync(ct);
        }
        return _sources[name] = source;
    }

    /// <summary>Plain text to the editor's HTML: one paragraph per blank-line-separated block, encoded.</summary>
    public static string Paragraphs(string? text)
    {
        var sb = new StringBuilder();
        foreach (var paragraph in (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n"))
        {
            // Plain text skips the sanitizer, so it loses the bidi overrides here, by the sanitizer's rule.
            var line = ArabicText.RemoveBidiFormatting(paragraph).Trim();
            if (line.Length == 0)
                continue;
            sb.Append("<p>").Append(WebUtility.HtmlEncode(line).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }
        return sb.ToString();
    }
}
