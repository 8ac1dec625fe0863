using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Nashir.Tests.Site;

/// <summary>
/// The real site process behind a real nginx on loopback, set up as the operations guide says: readers reach nginx
/// from their own addresses (127.0.0.2, 127.0.0.3: the whole 127/8 block is loopback), nginx reaches the site from 127.0.0.1.
/// </summary>
public sealed class NginxTests
{
    [Fact]
    public async Task Behind_nginx_each_reader_has_their_own_comment_limit_and_https_reaches_the_links()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "nginx")))
            .FirstOrDefault(File.Exists);
        Assert.SkipUnless(nginx is not null, "nginx is not installed (apt-get install -y nginx): the test runs the site behind a real nginx.");

        var dataPath = Path.Combine(Path.GetTempPath(), "nashir-nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataPath);
        Process? site = null;
        Process? proxy = null;
        try
        {
            var sitePort = SiteProcess.FreePort();
            site = SiteProcess.Start(dataPath, sitePort, new Dictionary<string, string>
            {
                ["Nashir__CommentMode"] = "Open",
                ["Nashir__Proxy__KnownProxies"] = "127.0.0.1",
            });
            using (var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sitePort}") })
                await SiteProcess.WaitUntilHealthyAsync(direct);

            var proxyPort = SiteProcess.FreePort();
            proxy = StartNginx(nginx!, Path.Combine(dataPath, "nginx"), proxyPort, sitePort);
            using var first = ReaderFrom("127.0.0.2", proxyPort);
            using var second = ReaderFrom("127.0.0.3", proxyPort);
            await SiteProcess.WaitUntilHealthyAsync(first);

            var article = Html.Parse(await first.GetStringAsync("/")).QuerySelector(".lead-story h2 a")!.GetAttribute("href")!;
            var answers = new List<HttpStatusCode>();
            for (var i = 1; i <= 6; i++)
            {
                // The reader names some other address himself; nginx appends the one it saw, and only that is believed.
                answers.Add(await CommentAsync(first, article, $"198.51.100.{i}", $"تعليق القارئ الأول رقم {i}"));
            }
            var other = await CommentAsync(second, article, null, "تعليق القارئ الثاني");
            var canonical = Html.Parse(await first.GetStringAsync(article)).QuerySelector("link[rel=canonical]")!.GetAttribute("href")!;

            Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Redirect, 5), HttpStatusCode.TooManyRequests], answers);
            Assert.Equal(HttpStatusCode.Redirect, other);
            Assert.StartsWith($"https://127.0.0.1:{proxyPort.ToString(CultureInfo.InvariantCulture)}/article/", canonical, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var process in new[] { proxy, site })
            {
                if (process is null)
                    continue;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }
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

    private static async Task<HttpStatusCode> CommentAsync(HttpClient reader, string article, string? forwardedFor, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, article + "?handler=Comment")
        {
            Content = new FormUrlEncodedContent([new("Name", "قارئ"), new("Text", text)]),
        };
        if (forwardedFor is not null)
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await reader.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A client whose connections leave from <paramref name="localAddress"/>, so nginx sees that reader's address.</summary>
    private static HttpClient ReaderFrom(string localAddress, int port) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };

    /// <summary>nginx in the foreground, one process, everything it writes under <paramref name="folder"/>.</summary>
    private static Process StartNginx(string nginx, string folder, int port, int sitePort)
    {
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "nginx.conf");
        File.WriteAllText(config, $$"""
            daemon off;
            master_process off;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://127.0.0.1:{{sitePort}};
                        proxy_buffering off;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        # As a proxy that ends TLS says it; this one listens on plain HTTP to stay on loopback.
                        proxy_set_header X-Forwarded-Proto https;
                    }
                }
            }
            """);
        var info = new ProcessStartInfo(nginx) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-p", folder, "-c", config, "-e", Path.Combine(folder, "error.log") })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
