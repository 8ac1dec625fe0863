using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nashir.Tests.Wire;

/// <summary>
/// An agency on 127.0.0.1 (a free port): serves feed documents the test sets, plus the ways a real server
/// misbehaves (slow, oversized with and without Content-Length, redirect loops, redirects to file:).
/// <c>{{base}}</c> in a document is replaced by the stub's own address.
/// </summary>
internal sealed class StubAgency : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string ContentType, byte[] Body)> _documents = new(StringComparer.Ordinal);
    private int _requests;

    private StubAgency(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Requests the stub has answered, so a test can tell a refused connection from a fetched one.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The status code of the last answered request.</summary>
    public int LastStatus { get; private set; }

    public string Url(string path) => BaseUrl + path;

    public static async Task<StubAgency> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubAgency(app);
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref stub._requests);
            await next(context);
            stub.LastStatus = context.Response.StatusCode;
        });
        app.MapGet("/doc/{name}", (string name, HttpContext context) =>
            stub._documents.TryGetValue(name, out var doc)
                // An ETag of the content, so a conditional request for an unchanged document is answered 304.
                ? Results.Bytes(doc.Body, doc.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(
                    "\"" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(doc.Body))[..16] + "\""))
                : Results.NotFound());
        app.MapGet("/plain/{name}", (string name) =>
            stub._documents.TryGetValue(name, out var doc) ? Results.Bytes(doc.Body, doc.ContentType) : Results.NotFound());
        app.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return Results.Text("<rss/>", "application/rss+xml");
        });
        app.MapGet("/huge-chunked", async (HttpContext context) =>
        {
            // No Content-Length: the body just keeps coming.
            context.Response.ContentType = "application/rss+xml";
            var chunk = new byte[16 * 1024];
            Array.Fill(chunk, (byte)' ');
            for (var i = 0; i < 1024 && !context.RequestAborted.IsCancellationRequested; i++)
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        });
        app.MapGet("/huge-declared", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/rss+xml";
            context.Response.ContentLength = 50L * 1024 * 1024;
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.WriteAsync("<rss>"u8.ToArray(), context.RequestAborted);
            // The rest never comes: the declared length alone must be refused, without waiting for the body.
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/loop/{n:int}", (int n) => Results.Redirect($"/loop/{n + 1}"));
        app.MapGet("/to/{name}", (string name) => Results.Redirect($"/doc/{name}"));
        app.MapGet("/to-file", () => Results.Redirect("file:///etc/passwd"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        stub.BaseUrl = address.TrimEnd('/');
        return stub;
    }

    /// <summary>Serves <paramref name="fixture"/> (a file in Wire/Fixtures) at /doc/<paramref name="name"/>; returns its address.</summary>
    public string Serve(string name, string fixture, string contentType = "application/xml")
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Wire", "Fixtures", fixture));
        return ServeText(name, text, contentType);
    }

    public string ServeText(string name, string text, string contentType = "application/xml") =>
        ServeBytes(name, System.Text.Encoding.UTF8.GetBytes(text.Replace("{{base}}", BaseUrl, StringComparison.Ordinal)), contentType);

    public string ServeBytes(string name, byte[] body, string contentType)
    {
        _documents[name] = (contentType, body);
        return Url("/doc/" + name);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
