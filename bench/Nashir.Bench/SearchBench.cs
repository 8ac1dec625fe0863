using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Import;
using Nashir.Search;
using Nashir.Site;

namespace Nashir.Bench;

internal sealed record Timed(long Articles, TimeSpan Took)
{
    public double PerSecond => Articles / Took.TotalSeconds;
}

internal sealed record Series(string Name, int Concurrency, double[] Latencies, TimeSpan Wall)
{
    public double Percentile(double p)
    {
        var sorted = Latencies.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public double Max => Latencies.Max();
    public double PerSecond => Latencies.Length / Wall.TotalSeconds;
}

internal sealed record QueryStats(int Count, double MeanTotal, double MeanShown, int Zero, int Relaxed, int Problems, int SuggestZero, double SuggestMean);

internal sealed record BenchResults(
    DateTime StartedUtc,
    string LoadBefore,
    string LoadAfter,
    int Skipped,
    Timed Import,
    Timed CatchUp,
    Timed Rebuild,
    long IndexBytes,
    long DatabaseBytes,
    IReadOnlyList<Series> Series,
    QueryStats Stats,
    IReadOnlyDictionary<string, int> Mix,
    long PeakWorkingSet,
    IReadOnlyList<string> Profile,
    IReadOnlyList<string> SearchProfile);

/// <summary>The benchmark itself: a fresh data folder, the CLI's import and index paths, then reader queries.</summary>
internal static class SearchBench
{
    public static async Task<BenchResults> RunAsync(BenchOptions options, string dataPath)
    {
        var started = DateTime.UtcNow;
        var loadBefore = LoadAverage();
        Console.WriteLine($"Load average before: {loadBefore}");

        // Built as `nashir import` builds it (Program.cs): same configuration and services, no web server, no hosted services.
        var builder = WebApplication.CreateBuilder(new[] { $"--Nashir:DataPath={dataPath}", "--Nashir:DemoContent=false" });
        builder.AddNashir();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        await Database.MigrateAsync(app.Services);
        var services = app.Services;

        var (import, skipped) = await ImportAsync(services, options.Corpus);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Import: {import.Articles:N0} articles in {import.Took.TotalSeconds:0.0} s ({import.PerSecond:N0}/s), {skipped} lines skipped"));
        Collect();

        var published = await CountPublishedAsync(services);
        var clock = Stopwatch.StartNew();
        await services.GetRequiredService<SearchIndexer>().CatchUpAsync(new ConsoleProgress("index (catch-up)"), CancellationToken.None);
        var catchUp = new Timed(published, clock.Elapsed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Index after import (SearchIndexer.CatchUpAsync): {catchUp.Took.TotalSeconds:0.0} s ({catchUp.PerSecond:N0} articles/s)"));
        Collect();

        var index = services.GetRequiredService<SearchIndex>();
        clock.Restart();
        await SearchIndexer.RebuildAsync(services.GetRequiredService<IServiceScopeFactory>(), index, new ConsoleProgress("index (rebuild)"), CancellationToken.None);
        var rebuild = new Timed(published, clock.Elapsed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Full rebuild (SearchIndexer.RebuildAsync): {rebuild.Took.TotalSeconds:0.0} s ({rebuild.PerSecond:N0} articles/s)"));
        Collect();

        var indexBytes = FolderBytes(index.PathOf(index.CurrentName ?? throw new InvalidOperationException("No index was built.")));
        var databaseBytes = FolderBytes(dataPath) - FolderBytes(index.Root);

        var corpus = await QueryMaker.LoadTitlesAsync(services);
        var warmup = QueryMaker.Searches(corpus, options.Warmup, seed: 7);
        var searches = QueryMaker.Searches(corpus, options.Queries, seed: 20261129);
        var suggestions = QueryMaker.Suggestions(corpus, options.Queries, seed: 20261130);
        Console.WriteLine($"Warming up with {warmup.Count} searches and {Math.Min(options.Warmup, suggestions.Count)} suggestions");
        await RunSeriesAsync("warm-up", services, warmup.Select(q => q.Request).ToList(), 1, new int[warmup.Count]);
        await RunSuggestAsync("warm-up", services, suggestions.Take(options.Warmup).ToList(), 1, new int[options.Warmup]);

        var totals = new int[searches.Count];
        var shown = new int[searches.Count];
        var relaxed = new bool[searches.Count];
        var problems = new bool[searches.Count];
        var requests = searches.Select(q => q.Request).ToList();
        var series = new List<Series>
        {
            await RunSeriesAsync("search", services, requests, 1, totals, shown, relaxed, problems),
            await RunSeriesAsync("search", services, requests, 8, new int[requests.Count]),
        };
        var suggested = new int[suggestions.Count];
        series.Add(await RunSuggestAsync("suggest", services, suggestions, 1, suggested));
        series.Add(await RunSuggestAsync("suggest", services, suggestions, 8, new int[suggestions.Count]));

        var stats = new QueryStats(totals.Length, totals.Average(), shown.Average(), totals.Count(t => t == 0), relaxed.Count(r => r),
            problems.Count(p => p), suggested.Count(s => s == 0), suggested.Average());
        var mix = searches.GroupBy(q => q.Kind).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count());

        IReadOnlyList<string> profile = [], searchProfile = [];
        if (options.Profile)
        {
            Console.WriteLine("Profiling searches");
            searchProfile = await SearchProfile.RunAsync(services, requests);
            Collect();
            profile = await IndexProfile.RunAsync(services, Path.Combine(dataPath, "profile"));
        }

        var loadAfter = LoadAverage();
        Console.WriteLine($"Load average after: {loadAfter}");
        return new BenchResults(started, loadBefore, loadAfter, skipped, import, catchUp, rebuild, indexBytes, databaseBytes,
            series, stats, mix, Process.GetCurrentProcess().PeakWorkingSet64, profile, searchProfile);
    }

    /// <summary>What <c>nashir import jsonl</c> does before it indexes (Cli/SearchCommands.cs), minus the progress bar.</summary>
    private static async Task<(Timed Import, int Skipped)> ImportAsync(IServiceProvider services, string path)
    {
        var clock = Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var frame = await scope.ServiceProvider.GetRequiredService<SiteContext>().GetAsync();
        var importer = scope.ServiceProvider.GetRequiredService<ArticleImporter>();
        var skipped = 0;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var records = JsonlArticles.ReadAsync(file, frame.Settings.TimeZone, _ => skipped++);
        var progress = new ConsoleProgress("import");
        var report = await importer.ImportAsync(records, file.Length,
            new SyncProgress<ImportProgress>(p => progress.Report(new IndexProgress(p.Position, p.Length))), CancellationToken.None);
        return (new Timed(report.Added + report.Updated + report.Unchanged, clock.Elapsed), skipped);
    }

    private static async Task<int> CountPublishedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NashirDb>().Public(ArticleQueries.Eventually).CountAsync();
    }

    /// <summary>Each query in its own scope, as a request would be: the wait a reader has, highlighting and cards included.</summary>
    private static async Task<Series> RunSeriesAsync(string name, IServiceProvider services, IReadOnlyList<SearchRequest> requests, int workers,
        int[] totals, int[]? shown = null, bool[]? relaxed = null, bool[]? problems = null)
    {
        return await RunAsync(name, requests.Count, workers, async i =>
        {
            await using var scope = services.CreateAsyncScope();
            var results = await scope.ServiceProvider.GetRequiredService<ArticleSearch>().SearchAsync(requests[i]);
            totals[i] = results.Total;
            if (shown is not null)
                shown[i] = results.Hits.Count;
            if (relaxed is not null)
                relaxed[i] = results.Relaxed;
            if (problems is not null)
                problems[i] = results.Problem != SearchProblem.None;
        });
    }

    private static async Task<Series> RunSuggestAsync(string name, IServiceProvider services, IReadOnlyList<string> texts, int workers, int[] counts) =>
        await RunAsync(name, texts.Count, workers, async i =>
        {
            await using var scope = services.CreateAsyncScope();
            counts[i] = (await scope.ServiceProvider.GetRequiredService<ArticleSearch>().SuggestAsync(texts[i])).Count;
        });

    private static async Task<Series> RunAsync(string name, int count, int workers, Func<int, Task> one)
    {
        var latencies = new double[count];
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                await one(i);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        wall.Stop();
        var series = new Series(name, workers, latencies, wall.Elapsed);
        if (name != "warm-up")
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-8} c={workers}: p50 {series.Percentile(0.50):0.00} ms, p95 {series.Percentile(0.95):0.00} ms, p99 {series.Percentile(0.99):0.00} ms, max {series.Max:0.0} ms, {series.PerSecond:N0} q/s"));
        }
        return series;
    }

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static long FolderBytes(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}

/// <summary>Reports on the calling thread (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>A line every tenth of the way, instead of the CLI's progress bar.</summary>
internal sealed class ConsoleProgress(string what) : IProgress<IndexProgress>
{
    private long _lastTenth = -1;

    public void Report(IndexProgress value)
    {
        if (value.Total <= 0)
            return;
        var tenth = Math.Min(10, value.Done * 10 / value.Total);
        if (Interlocked.Exchange(ref _lastTenth, tenth) != tenth)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: {tenth * 10}%"));
    }
}
