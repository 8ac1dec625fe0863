using System.Globalization;

namespace Nashir.Bench;

/// <summary>The command line. Relative paths resolve against the repository root (the folder holding Nashir.slnx).</summary>
internal sealed record BenchOptions(string RepoRoot, string Corpus, string? Write, bool Keep, bool Profile, int Queries, int Warmup, string Command)
{
    public const string DefaultCorpus = "../shared/corpus/arabic-news.jsonl.gz";
    private const string Prefix = "dotnet run -c Release --project bench/Nashir.Bench -p:NashirSkipFrontend=true --";

    public static BenchOptions? Parse(string[] args)
    {
        var root = FindRepoRoot();
        string corpus = DefaultCorpus;
        string? write = null;
        bool keep = false, profile = false;
        int queries = 1000, warmup = 200;
        for (var i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--corpus" when Next() is { } c:
                    corpus = c;
                    break;
                case "--write" when Next() is { } w:
                    write = w;
                    break;
                case "--queries" when Next() is { } q && int.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out queries) && queries > 0:
                    break;
                case "--warmup" when Next() is { } q && int.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out warmup):
                    break;
                case "--keep":
                    keep = true;
                    break;
                case "--profile":
                    profile = true;
                    break;
                default:
                    return null;
            }
        }
        var command = args.Length == 0 ? Prefix.TrimEnd('-', ' ') : Prefix + " " + string.Join(' ', args);
        return new BenchOptions(root, Path.GetFullPath(corpus, root), write is null ? null : Path.GetFullPath(write, root),
            keep, profile, queries, warmup, command);
    }

    public static void PrintUsage(TextWriter w)
    {
        w.WriteLine("usage: " + Prefix + " [--corpus FILE] [--write docs/PERFORMANCE.md] [--profile] [--keep] [--queries N] [--warmup N]");
        w.WriteLine($"  --corpus   JSON Lines corpus, plain or gzipped (default {DefaultCorpus}, from the repository root)");
        w.WriteLine("  --write    replace (or add) the '## Search' section of this Markdown file with the results");
        w.WriteLine("  --profile  also time the parts of indexing separately (database, HTML to text, analysis, Lucene)");
        w.WriteLine("  --keep     keep the temporary data folder (database and index) for a look afterwards");
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Nashir.slnx")))
                    return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
