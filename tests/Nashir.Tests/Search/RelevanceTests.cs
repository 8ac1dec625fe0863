using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Import;
using Nashir.Search;

namespace Nashir.Tests.Search;

/// <summary>
/// Search quality on real news (an excerpt of the ANT corpus, see Relevance/README.md): recall@10 and MRR over the
/// committed relevance set, and agreement between a query and the same query spelled differently.
/// </summary>
public sealed class RelevanceTests(RelevanceFixture corpus, ITestOutputHelper output) : IClassFixture<RelevanceFixture>
{
    [Fact]
    public async Task Expected_articles_are_in_the_top_ten_for_at_least_95_percent_of_queries()
    {
        var rows = Tsv("relevance.tsv").Select(r => (Kind: r[0], Query: r[1], Expected: r[2].Split(',').Select(id => "jsonl:" + id).ToHashSet())).ToList();
        Assert.True(rows.Count >= 60, $"the relevance set has {rows.Count} queries; it needs at least 60");

        var recall = new List<(string Kind, double Recall, double Reciprocal)>();
        var misses = new List<string>();
        foreach (var (kind, query, expected) in rows)
        {
            var top = await corpus.TopTenAsync(query);
            var found = top.Count(expected.Contains);
            var first = top.FindIndex(expected.Contains);
            recall.Add((kind, (double)found / Math.Min(expected.Count, 10), first < 0 ? 0 : 1.0 / (first + 1)));
            if (found < Math.Min(expected.Count, 10))
                misses.Add($"{kind} «{query}»: {found}/{expected.Count} in the top 10");
        }

        var recallAt10 = recall.Average(r => r.Recall);
        var mrr = recall.Average(r => r.Reciprocal);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"queries {rows.Count}, recall@10 {recallAt10:0.000}, MRR {mrr:0.000}"));
        foreach (var kind in recall.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind.Key,-14} n={kind.Count(),2} recall@10 {kind.Average(r => r.Recall):0.000} MRR {kind.Average(r => r.Reciprocal):0.000}"));
        foreach (var miss in misses)
            output.WriteLine("  miss: " + miss);
        Assert.True(recallAt10 >= 0.95, $"recall@10 is {recallAt10:0.000}; misses: {string.Join("; ", misses)}");
    }

    [Fact]
    public async Task A_query_spelled_differently_returns_the_same_top_ten()
    {
        var rows = Tsv("agreement.tsv").Select(r => (Kind: r[0], Standard: r[1], Variant: r[2])).ToList();
        Assert.True(rows.Count >= 40, $"the agreement set has {rows.Count} pairs");
        var scores = new List<(string Kind, double Agreement)>();
        var differing = new List<string>();
        foreach (var (kind, standard, variant) in rows)
        {
            var a = await corpus.TopTenAsync(standard);
            var b = await corpus.TopTenAsync(variant);
            Assert.True(a.Count > 0, $"the standard query «{standard}» finds nothing, so its row measures nothing");
            var agreement = (double)a.Intersect(b).Count() / Math.Max(a.Count, b.Count);
            scores.Add((kind, agreement));
            if (agreement < 1)
                differing.Add($"{kind} «{standard}» / «{variant}»: {agreement:0.00}");
        }
        var mean = scores.Average(s => s.Agreement);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pairs {rows.Count}, agreement {mean:0.000}"));
        foreach (var kind in scores.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind.Key,-18} n={kind.Count(),2} agreement {kind.Average(r => r.Agreement):0.000}"));
        Assert.True(mean >= 0.95, $"agreement is {mean:0.000}: {string.Join("; ", differing)}");
    }

    private static List<string[]> Tsv(string name) =>
        File.ReadLines(Path.Combine(RelevanceFixture.Folder, name)).Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .ToList();
}

/// <summary>The excerpt imported once through the real import path and indexed, shared by the relevance tests.</summary>
public sealed class RelevanceFixture : IAsyncLifetime
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Search", "Relevance");

    private readonly NashirFactory _site = new();
    private Dictionary<int, string> _externalIds = [];

    public async ValueTask InitializeAsync()
    {
        await using (var scope = _site.Services.CreateAsyncScope())
        await using (var file = File.OpenRead(Path.Combine(Folder, "corpus-excerpt.jsonl.gz")))
        {
            var importer = scope.ServiceProvider.GetRequiredService<ArticleImporter>();
            var records = JsonlArticles.ReadAsync(file, TimeZoneInfo.Utc, p => throw new InvalidOperationException(p.Message));
            await importer.ImportAsync(records, file.Length, null, CancellationToken.None);
        }
        await _site.SearchCaughtUpAsync();
        _externalIds = await _site.WithDbAsync(db => db.Articles.Where(a => a.ExternalId != null).ToDictionaryAsync(a => a.Id, a => a.ExternalId!));
    }

    /// <summary>The external ids of the first ten results, as a reader would get them.</summary>
    public async Task<List<string>> TopTenAsync(string query)
    {
        await using var scope = _site.Services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<ArticleSearch>().SearchAsync(new SearchRequest { Text = query, PageSize = 10 });
        return results.Hits.Select(h => _externalIds[h.Card.Id]).ToList();
    }

    public ValueTask DisposeAsync()
    {
        _site.Dispose();
        return ValueTask.CompletedTask;
    }
}
