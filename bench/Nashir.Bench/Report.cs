using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Nashir.Bench;

/// <summary>The results as the <c>## Search</c> section of docs/PERFORMANCE.md.</summary>
internal static class Report
{
    private const string Heading = "## Search";

    private const string Citation =
        "A. Chouigui, O. Ben Khiroun, B. Elayeb. *ANT Corpus: An Arabic News Text Collection for Textual Classification.* " +
        "AICCSA 2017, pp. 135–142 ([antcorpus.github.io](https://antcorpus.github.io))";

    public static string Markdown(BenchOptions options, BenchResults r)
    {
        var ic = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        void L(FormattableString line) => sb.Append(line.ToString(ic)).Append('\n');

        var importAndIndex = r.Import.Took + r.CatchUp.Took;
        var twoMinutes = TimeSpan.FromMinutes(2);
        var search1 = r.Series.First(s => s.Name == "search" && s.Concurrency == 1);

        L($"{Heading}");
        L($"");
        L($"Measured {r.StartedUtc:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({Cpu()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Release build, server GC.");
        L($"Load average (1/5/15 min) before: {r.LoadBefore}; after: {r.LoadAfter}. The machine is shared with other work, so this is one noisy sample, not a controlled measurement.");
        L($"");
        L($"```sh");
        L($"{options.Command}");
        L($"```");
        L($"");
        L($"Data: `{Path.GetFileName(options.Corpus)}` ({r.Import.Articles:N0} articles, {r.Skipped} lines skipped), the ANT Corpus: {Citation}. The corpus is test data only and is never committed.");
        L($"");
        L($"The benchmark (`bench/Nashir.Bench`, see `bench/README.md`) builds the app as the CLI does, on a fresh data folder (SQLite), and runs the product's own code: `JsonlArticles.ReadAsync` + `ArticleImporter.ImportAsync`, then `SearchIndexer.CatchUpAsync` (what `nashir import jsonl` runs next; on a fresh database it is a full build), then `SearchIndexer.RebuildAsync` again (`nashir reindex`), then queries through `ArticleSearch.SearchAsync` (one DI scope per query, so each includes parsing, Lucene, highlighting and the database card lookup) and `ArticleSearch.SuggestAsync`.");
        L($"");
        L($"### Import and indexing");
        L($"");
        L($"| measure | result | target | verdict |");
        L($"|---|---|---|---|");
        L($"| import (`JsonlArticles` + `ArticleImporter`) | {r.Import.Took.TotalSeconds:0.0} s, {r.Import.PerSecond:N0} articles/s | | |");
        L($"| index after import (`SearchIndexer.CatchUpAsync`) | {r.CatchUp.Took.TotalSeconds:0.0} s, {r.CatchUp.PerSecond:N0} articles/s | ≥ 2,000 articles/s | {Verdict(r.CatchUp.PerSecond >= 2000)} |");
        L($"| full rebuild (`SearchIndexer.RebuildAsync`, `nashir reindex`) | {r.Rebuild.Took.TotalSeconds:0.0} s, {r.Rebuild.PerSecond:N0} articles/s | ≥ 2,000 articles/s | {Verdict(r.Rebuild.PerSecond >= 2000)} |");
        L($"| import + index, whole corpus (`nashir import jsonl`) | {importAndIndex.TotalSeconds:0.0} s | well under 2 min on 2 cores | {Verdict(importAndIndex < twoMinutes)}{(importAndIndex < twoMinutes && importAndIndex > twoMinutes * 0.75 ? " (but not well under)" : "")} |");
        L($"| index size on disk | {r.IndexBytes / 1048576.0:0.0} MiB ({r.IndexBytes / (double)r.Rebuild.Articles:N0} bytes/article) | | |");
        L($"| database size (SQLite, incl. WAL) | {r.DatabaseBytes / 1048576.0:0.0} MiB | | |");
        L($"| peak working set of the benchmark process | {r.PeakWorkingSet / 1048576.0:N0} MiB | | |");
        L($"");
        L($"### Queries");
        L($"");
        L($"{r.Stats.Count:N0} queries made with a fixed seed from the imported headlines: {QueryMaker.Describe(r.Mix)}. Each series runs after a warm-up of {options.Warmup} other queries; concurrency 8 means 8 workers sharing the same {r.Stats.Count:N0} queries. Page size 10 (the search page's).");
        L($"");
        L($"| series | concurrency | p50 | p95 | p99 | max | throughput | target | verdict |");
        L($"|---|---|---|---|---|---|---|---|---|");
        foreach (var s in r.Series)
        {
            var target = s == search1 ? "p95 ≤ 10 ms" : "";
            var verdict = s == search1 ? Verdict(s.Percentile(0.95) <= 10) : "";
            var name = s.Name == "search" ? "`SearchAsync`" : "`SuggestAsync`";
            L($"| {name} | {s.Concurrency} | {s.Percentile(0.50):0.00} ms | {s.Percentile(0.95):0.00} ms | {s.Percentile(0.99):0.00} ms | {s.Max:0.0} ms | {s.PerSecond:N0} q/s | {target} | {verdict} |");
        }
        L($"");
        L($"Search results: {r.Stats.MeanTotal:N0} matching articles per query on average ({r.Stats.MeanShown:0.0} shown on the first page); {r.Stats.Zero} of {r.Stats.Count:N0} found nothing; {r.Stats.Relaxed} were answered in relaxed mode (some of the words); {r.Stats.Problems} were refused with a message (e.g. only stop words). Suggestions: {r.Stats.SuggestMean:0.0} headlines per call on average, {r.Stats.SuggestZero} of {r.Stats.Count:N0} calls had none.");
        if (r.SearchProfile.Count > 0)
        {
            L($"");
            L($"### Where a search's time goes (`--profile`)");
            L($"");
            L($"The parts of `SearchAsync` timed one by one over the same queries at concurrency 1 (simplified copies of its private query and highlighter).");
            L($"");
            L($"| part | mean | p50 | p95 |");
            L($"|---|---|---|---|");
            foreach (var line in r.SearchProfile)
                sb.Append(line).Append('\n');
        }
        if (r.Profile.Count > 0)
        {
            L($"");
            L($"### Where indexing time goes (`--profile`)");
            L($"");
            L($"Each part timed alone on the first {IndexProfile.Slice:N0} articles (fewer if the corpus is smaller), one thread unless stated; the first rows also pay for JIT warm-up of their code.");
            L($"");
            L($"| part | time | articles/s | per article | notes |");
            L($"|---|---|---|---|---|");
            foreach (var line in r.Profile)
                sb.Append(line).Append('\n');
        }
        return sb.ToString();
    }

    private static string Verdict(bool pass) => pass ? "**pass**" : "**fail**";

    internal static string Cpu()
    {
        try
        {
            var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return model is null ? RuntimeInformation.ProcessArchitecture.ToString() : model[(model.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    /// <summary>Replaces the <c>## Search</c> section (up to the next <c>## </c> heading) or appends it; creates the file if needed.</summary>
    public static void WriteSection(string path, string section) => WriteSection(path, Heading, section);

    /// <summary>Replaces the section under <paramref name="heading"/> (up to the next <c>## </c> heading) or appends it.</summary>
    public static void WriteSection(string path, string heading, string section)
    {
        var text = File.Exists(path)
            ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal)
            : "# Performance\n\nMeasured numbers, newest run per section. Targets come from the issues; each section says how it was measured.\n";
        var lines = text.Split('\n').ToList();
        var start = lines.FindIndex(l => l.TrimEnd() == heading);
        if (start < 0)
        {
            File.WriteAllText(path, text.TrimEnd('\n') + "\n\n" + section);
            return;
        }
        var end = lines.FindIndex(start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        var before = string.Join('\n', lines.Take(start)).TrimEnd('\n');
        var after = end < 0 ? "" : string.Join('\n', lines.Skip(end));
        File.WriteAllText(path, (before.Length > 0 ? before + "\n\n" : "") + section + (after.Length > 0 ? "\n" + after : ""));
    }
}
