using System.Globalization;
using Nashir.Bench;

// Search speed on the whole corpus, through the product's own code: import, index, then reader queries.
// Not a test: machines are noisy, so it prints numbers (and with --write records them) instead of asserting.
// `render` runs the BenchmarkDotNet micro-benchmarks of article rendering instead (RenderBench.cs).
if (args.Length > 0 && args[0] == "render")
    return RenderBench.Run(args[1..]);

var options = BenchOptions.Parse(args);
if (options is null)
{
    BenchOptions.PrintUsage(Console.Error);
    return 2;
}
if (!File.Exists(options.Corpus))
{
    Console.Error.WriteLine($"Corpus not found: {options.Corpus} (see ../shared/corpus/README.md; pass --corpus PATH)");
    return 2;
}

var dataPath = Path.Combine(Path.GetTempPath(), "nashir-bench-" + Guid.NewGuid().ToString("N")[..8]);
Console.WriteLine($"Data folder: {dataPath}");
Console.WriteLine($"Corpus: {options.Corpus}");
try
{
    var results = await SearchBench.RunAsync(options, dataPath);
    Console.WriteLine();
    Console.WriteLine(Report.Markdown(options, results));
    if (options.Write is { } target)
    {
        Report.WriteSection(target, Report.Markdown(options, results));
        Console.WriteLine($"Wrote the ## Search section of {target}");
    }
}
finally
{
    if (options.Keep)
        Console.WriteLine($"Kept {dataPath}");
    else
        TryDelete(dataPath);
}
return 0;

static void TryDelete(string path)
{
    try
    {
        if (Directory.Exists(path))
            Directory.Delete(path, recursive: true);
    }
    catch (IOException ex)
    {
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Could not delete {path}: {ex.Message}"));
    }
}
