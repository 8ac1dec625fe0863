using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
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
            var port = SiteProcess.FreePort();
            using var first = StartSite(dataPath, port);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await SiteProcess.WaitUntilHealthyAsync(http);
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
            await SiteProcess.WaitUntilHealthyAsync(http);
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

    private static Process StartSite(string dataPath, int port) =>
        SiteProcess.Start(dataPath, port, new Dictionary<string, string>
        {
            ["Nashir__CommentMode"] = "Open",
            ["Nashir__Comments__PerMinute"] = "100000",
            ["Nashir__Comments__PerDay"] = "100000",
        });

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
}
