using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Nashir.Tests.Comments;

/// <summary>
/// A comment the reader was told about survives the server being killed. The site runs as a real
/// process on loopback; a burst of posts is cut by SIGKILL; after a restart every acknowledged comment is there.
/// </summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Every_acknowledged_comment_survives_a_sigkill_during_a_burst()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "nashir-kill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataPath);
        try
        {
            var port = FreePort();
            using var first = StartSite(dataPath, port);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilHealthyAsync(http);
            var path = await SeedArticlePathAsync(http);

            var acknowledged = new ConcurrentBag<string>();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var posters = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; i < 1000 && !stop.IsCancellationRequested; i++)
                {
                    var marker = $"تعليق-{worker}-{i.ToString(CultureInfo.InvariantCulture)}";
                    try
                    {
                        using var response = await http.PostAsync(path + "?handler=Comment",
                            new FormUrlEncodedContent([new("Name", "قارئ"), new("Text", marker)]), stop.Token);
                        if (response.StatusCode == HttpStatusCode.Redirect)
                            acknowledged.Add(marker);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return; // the server is gone
                    }
                }
            })).ToArray();

            while (acknowledged.Count < 60 && !stop.IsCancellationRequested)
                await Task.Delay(10);
            first.Kill(); // SIGKILL: no shutdown, no flush
            await Task.WhenAll(posters);
            Assert.True(acknowledged.Count >= 60, $"only {acknowledged.Count} posts were acknowledged before the kill");

            using var second = StartSite(dataPath, port);
            await WaitUntilHealthyAsync(http);
            var stored = ReadCommentTexts(Path.Combine(dataPath, "nashir.db"));
            var missing = acknowledged.Where(m => !stored.Contains(m)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged comments were lost: {string.Join(", ", missing.Take(5))}");
            second.Kill();
            await second.WaitForExitAsync();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataPath, recursive: true);
            }
            catch (IOException)
            {
                // REVIEW: a killed process may hold a file briefly; the temp cleaner takes the folder.
            }
        }
    }

    private static Process StartSite(string dataPath, int port)
    {
        var site = SiteDirectory();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(RepoRoot(), "src", "Nashir"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { Path.Combine(site, "nashir.dll"), "--urls", $"http://127.0.0.1:{port}" })
            info.ArgumentList.Add(arg);
        info.Environment["Nashir__DataPath"] = dataPath;
        info.Environment["Nashir__DemoContent"] = "true";
        info.Environment["Nashir__CommentMode"] = "Open";
        info.Environment["Nashir__Comments__PerMinute"] = "100000";
        info.Environment["Nashir__Comments__PerDay"] = "100000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilHealthyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
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
        throw new TimeoutException("the site did not become healthy within 60 s");
    }

    private static async Task<string> SeedArticlePathAsync(HttpClient http)
    {
        var home = Html.Parse(await http.GetStringAsync("/"));
        return home.QuerySelector(".lead-story h2 a")!.GetAttribute("href")!;
    }

    private static HashSet<string> ReadCommentTexts(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Text FROM Comments";
        using var reader = command.ExecuteReader();
        var texts = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
            texts.Add(reader.GetString(0));
        return texts;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepoRoot()
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
