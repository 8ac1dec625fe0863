using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Import;
using Nashir.Search;

namespace Nashir.Bench;

/// <summary>
/// <c>render</c> mode: BenchmarkDotNet micro-benchmarks of article rendering. The body pipeline on corpus articles
/// (plain text to paragraphs, the sanitizer, the directions added when a body is read) and the whole article page
/// (routing, page model queries, Razor, layout) through an in-memory server on a small data folder.
/// </summary>
internal static class RenderBench
{
    public const string Heading = "## Article rendering (micro-benchmarks)";

    public static int Run(string[] args)
    {
        var write = Option(ref args, "--write");
        RenderFixture.CorpusPath = Option(ref args, "--corpus") ?? BenchOptions.DefaultCorpus;
        var root = BenchOptions.Parse([])!.RepoRoot;
        RenderFixture.RepoRoot = root;
        RenderFixture.CorpusPath = Path.GetFullPath(RenderFixture.CorpusPath, root);
        if (!File.Exists(RenderFixture.CorpusPath))
        {
            Console.Error.WriteLine($"Corpus not found: {RenderFixture.CorpusPath} (pass --corpus PATH)");
            return 2;
        }
        // Without a filter BenchmarkSwitcher asks on the console which to run: run them all.
        if (!args.Contains("--filter"))
            args = [.. args, "--filter", "*"];
        var loadBefore = SearchBench.LoadAverage();
        // In process: the benchmarks share one prepared site, and nothing is rebuilt in a temporary project.
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"))
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
            .WithOptions(ConfigOptions.JoinSummary)
            .WithArtifactsPath(Path.Combine(root, "bench", "results", "BenchmarkDotNet"));
        try
        {
            var summaries = BenchmarkSwitcher.FromTypes([typeof(BodyPipeline), typeof(ArticlePage)]).Run(args, config).ToList();
            if (write is not null && summaries.Count > 0)
            {
                var target = Path.GetFullPath(write, root);
                var section = Markdown(summaries, loadBefore, SearchBench.LoadAverage(), args);
                Report.WriteSection(target, Heading, section);
                Console.WriteLine(section);
                Console.WriteLine($"Wrote the {Heading} section of {target}");
            }
        }
        finally
        {
            RenderFixture.Dispose();
        }
        return 0;
    }

    private static string? Option(ref string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        if (i < 0 || i + 1 >= args.Length)
            return null;
        var value = args[i + 1];
        args = [.. args[..i], .. args[(i + 2)..]];
        return value;
    }

    private static string Markdown(IReadOnlyList<Summary> summaries, string loadBefore, string loadAfter, string[] args)
    {
        var ic = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        void L(FormattableString line) => sb.Append(line.ToString(ic)).Append('\n');
        var f = RenderFixture.Instance;
        L($"{Heading}");
        L($"");
        L($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({Report.Cpu()}), {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, BenchmarkDotNet short run in process. Load average before: {loadBefore}; after: {loadAfter} (a shared machine: noisy).");
        L($"");
        L($"```sh");
        L($"dotnet run -c Release --project bench/Nashir.Bench -p:NashirSkipFrontend=true -- render --write docs/PERFORMANCE.md{Shown(args)}");
        L($"```");
        L($"");
        L($"Bodies from the corpus sample ({f.Imported:N0} articles, every 20th line): *median* is the article whose text length is the sample's median ({f.Bodies["median"].Length:N0} characters), *long* the 99th percentile ({f.Bodies["long"].Length:N0}). `Paragraphs` is the import's text-to-HTML step, `Sanitize` the editor's (and HTML import's) sanitizer, `WithDirections` what every article view runs on the stored body: imported bodies carry no `dir`, so they are parsed each time (*as imported*); a body saved by the editor has its directions and is returned as it is (*as saved*). `ArticlePage` is a whole GET of `/article/{{slug}}` through an in-memory server (routing, page model queries on SQLite, Razor, layout), on a data folder with the demo's articles and the sample; *seed* is the demo's article with four tags and a picture.");
        L($"");
        L($"| benchmark | body | mean | median | p95 | allocated |");
        L($"|---|---|---|---|---|---|");
        foreach (var report in summaries.SelectMany(s => s.Reports)
            .OrderBy(r => r.BenchmarkCase.Descriptor.Type.Name == nameof(BodyPipeline) ? 0 : 1)
            .ThenBy(r => r.BenchmarkCase.Parameters.Items.FirstOrDefault()?.Value?.ToString(), StringComparer.Ordinal))
        {
            if (report.ResultStatistics is not { } stats)
                continue;
            var method = report.BenchmarkCase.Descriptor.Type.Name + "." + report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var body = report.BenchmarkCase.Parameters.Items.FirstOrDefault()?.Value?.ToString() ?? "";
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            L($"| `{method}` | {body} | {Time(stats.Mean)} | {Time(stats.Median)} | {Time(stats.Percentiles.P95)} | {bytes / 1024.0:N1} KiB |");
        }
        return sb.ToString();
    }

    private static string Shown(string[] args) =>
        args is ["--filter", "*"] ? "" : " " + string.Join(' ', args.Select(a => a.Contains('*', StringComparison.Ordinal) ? "'" + a + "'" : a));

    private static string Time(double ns) => ns switch
    {
        < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{ns:0} ns"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000:0.0} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000_000:0.00} ms"),
    };
}

/// <summary>The body HTML pipeline on a corpus article, without a database.</summary>
public class BodyPipeline
{
    private string _text = "", _paragraphs = "", _saved = "";
    private readonly BodySanitizer _sanitizer = new();

    [Params("median", "long")]
    public string Body { get; set; } = "median";

    [GlobalSetup]
    public void Setup()
    {
        _text = RenderFixture.Instance.Bodies[Body];
        _paragraphs = ArticleImporter.Paragraphs(_text);
        _saved = _sanitizer.Sanitize(_paragraphs);
    }

    [Benchmark]
    public string Paragraphs() => ArticleImporter.Paragraphs(_text);

    [Benchmark]
    public string Sanitize() => _sanitizer.Sanitize(_paragraphs);

    [Benchmark]
    public string WithDirections_as_imported() => BodySanitizer.WithDirections(_paragraphs);

    [Benchmark]
    public string WithDirections_as_saved() => BodySanitizer.WithDirections(_saved);
}

/// <summary>The whole article page, as a reader's GET, through an in-memory server.</summary>
public class ArticlePage
{
    private HttpClient _client = null!;
    private string _path = "";

    [Params("median", "long", "seed")]
    public string Body { get; set; } = "median";

    [GlobalSetup]
    public void Setup()
    {
        var f = RenderFixture.Instance;
        _client = f.Client;
        _path = f.Paths[Body];
    }

    [Benchmark]
    public async Task<int> Get()
    {
        using var response = await _client.GetAsync(_path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{_path} answered {(int)response.StatusCode}");
        return bytes.Length;
    }
}

/// <summary>One site and one corpus sample for every benchmark case (they all run in this process).</summary>
internal sealed class RenderFixture
{
    public static string CorpusPath { get; set; } = BenchOptions.DefaultCorpus;
    public static string RepoRoot { get; set; } = ".";

    private static readonly Lazy<RenderFixture> Shared = new(() => CreateAsync().GetAwaiter().GetResult());
    public static RenderFixture Instance => Shared.Value;

    private WebApplication? _app;
    private string _dataPath = "";

    public Dictionary<string, string> Bodies { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Paths { get; } = new(StringComparer.Ordinal);
    public HttpClient Client { get; private set; } = null!;
    public int Imported { get; private set; }

    private static async Task<RenderFixture> CreateAsync()
    {
        var f = new RenderFixture { _dataPath = Path.Combine(Path.GetTempPath(), "nashir-render-" + Guid.NewGuid().ToString("N")[..8]) };
        var zone = TimeZoneInfo.Utc;
        var sample = new List<ImportRecord>();
        await using (var file = File.OpenRead(CorpusPath))
        {
            var n = 0;
            await foreach (var (record, _) in JsonlArticles.ReadAsync(file, zone, _ => { }))
            {
                if (n++ % 20 == 0)
                    sample.Add(record);
            }
        }
        var byLength = sample.OrderBy(r => r.BodyText!.Length).ToList();
        var median = byLength[byLength.Count / 2];
        var longer = byLength[(int)(byLength.Count * 0.99)];
        f.Bodies["median"] = median.BodyText!;
        f.Bodies["long"] = longer.BodyText!;
        f.Imported = sample.Count;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [$"--Nashir:DataPath={f._dataPath}", "--Nashir:DemoContent=true"],
            // The pages and views are compiled into nashir.dll; the layout reads wwwroot (fonts.css) from its project.
            ApplicationName = "nashir",
            ContentRootPath = Path.Combine(RepoRoot, "src", "Nashir"),
            EnvironmentName = "Production",
        });
        builder.WebHost.UseTestServer();
        builder.AddNashir();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        f._app = app;
        await app.PrepareAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<ArticleImporter>();
            await importer.ImportAsync(Records(sample), 0, null, CancellationToken.None);
        }
        await app.Services.GetRequiredService<SearchIndexer>().CatchUpAsync(null, CancellationToken.None);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            async Task<string> SlugOf(ImportRecord r) => await db.Articles.Where(a => a.ExternalId == r.ExternalId).Select(a => a.Slug).SingleAsync();
            f.Paths["median"] = "/article/" + Uri.EscapeDataString(await SlugOf(median));
            f.Paths["long"] = "/article/" + Uri.EscapeDataString(await SlugOf(longer));
            var seed = await db.Articles.Where(a => a.ExternalId == null).OrderByDescending(a => a.Tags.Count).ThenBy(a => a.Id).Select(a => a.Slug).FirstAsync();
            f.Paths["seed"] = "/article/" + Uri.EscapeDataString(seed);
        }
        app.UseNashir();
        await app.StartAsync();
        f.Client = app.GetTestClient();
        return f;
    }

    private static async IAsyncEnumerable<(ImportRecord, long)> Records(List<ImportRecord> records)
    {
        foreach (var r in records)
            yield return (r, 0);
        await Task.CompletedTask;
    }

    public static void Dispose()
    {
        if (!Shared.IsValueCreated)
            return;
        var f = Shared.Value;
        f.Client.Dispose();
        if (f._app is { } app)
        {
            app.StopAsync().GetAwaiter().GetResult();
            ((IAsyncDisposable)app).DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(f._dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
