using System.Diagnostics;
using System.Text;

namespace Nashir.BrowserTests;

/// <summary>Every page type passes the Nu Html Checker (the W3C validator), run locally from the vnu-jar npm package.</summary>
[Collection(nameof(DemoPagesCollection))]
public sealed class HtmlValidityTests(DemoPages pages)
{
    private static readonly TimeSpan CheckerTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_page_type_is_valid_html()
    {
        var jar = Repo.PathTo("node_modules", "vnu-jar", "build", "dist", "vnu.jar");
        Assert.SkipUnless(FindOnPath("java") is not null, "The Nu Html Checker needs Java: `java` is not on PATH (apt-get install -y default-jre-headless).");
        Assert.SkipUnless(File.Exists(jar), $"The Nu Html Checker is not installed: {jar} is missing. Run `npm ci` in {Repo.Root}.");

        var folder = Directory.CreateTempSubdirectory("nashir-vnu-");
        try
        {
            var files = new List<string>();
            foreach (var page in pages.All)
            {
                var file = Path.Combine(folder.FullName, page.Name + ".html");
                await File.WriteAllTextAsync(file, page.Html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), TestContext.Current.CancellationToken);
                files.Add(file);
            }

            var (exitCode, output) = await RunAsync("java", ["-jar", jar, "--errors-only", "--format", "gnu", .. files]);

            Assert.True(exitCode == 0, $"The Nu Html Checker found errors (exit code {exitCode}):\n{output}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, command), Path.Combine(dir, command + ".exe") })
            .FirstOrDefault(File.Exists);

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(CheckerTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        // vnu writes its gnu-format messages to stderr.
        return (process.ExitCode, (await stderr + await stdout).Trim());
    }
}
