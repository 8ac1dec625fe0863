using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Nashir.Tests;

/// <summary>The site (or a <c>nashir</c> verb) as a real process, for tests that kill it or run it beside another.</summary>
internal static class SiteProcess
{
    /// <summary>Serves the site on loopback with the data folder and settings given (environment variables, e.g. Nashir__CommentMode).</summary>
    public static Process Start(string dataPath, int port, IReadOnlyDictionary<string, string>? settings = null) =>
        Run(dataPath, settings, Path.Combine(SiteDirectory(), "nashir.dll"), "--urls", $"http://127.0.0.1:{port}");

    /// <summary>Runs a verb (<c>import</c>, <c>reindex</c> …) to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunVerbAsync(string dataPath, params string[] args)
    {
        using var process = Run(dataPath, null, [Path.Combine(SiteDirectory(), "nashir.dll"), .. args], capture: true);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output + await errors);
    }

    private static Process Run(string dataPath, IReadOnlyDictionary<string, string>? settings, params string[] args) =>
        Run(dataPath, settings, args, capture: false);

    private static Process Run(string dataPath, IReadOnlyDictionary<string, string>? settings, string[] args, bool capture)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(RepoRoot(), "src", "Nashir"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["Nashir__DataPath"] = dataPath;
        info.Environment["Nashir__DemoContent"] = "true";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        var process = Process.Start(info)!;
        if (!capture)
        {
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        return process;
    }

    public static async Task WaitUntilHealthyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the site did not become healthy within 120 s");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nashir.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    /// <summary>The site's own build output, same configuration as this test assembly.</summary>
    private static string SiteDirectory()
    {
        var parts = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var bin = Array.LastIndexOf(parts, "bin");
        var configuration = parts[bin + 1];
        var framework = parts[bin + 2];
        return Path.Combine(RepoRoot(), "src", "Nashir", "bin", configuration, framework);
    }
}
