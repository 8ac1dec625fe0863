using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nashir.Tests.Social;

/// <summary>One call the stub received: which API, the path (with the bot token) and the fields sent (JSON or form).</summary>
public sealed record StubRequest(string Api, string Method, string Path, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Telegram's Bot API and Facebook's Graph API page feed, on 127.0.0.1 with a free port, answering with the real
/// shapes: <c>{"ok":true,"result":{"message_id":N,…}}</c> and <c>{"id":"page_post"}</c> by default, or whatever a
/// test queues (errors, 429s with retry_after, a call that never answers).
/// </summary>
public sealed class SocialStub : IAsyncDisposable
{
    public const string BotToken = "123456:AAH-secret-bot-token-for-tests";
    public const string PageToken = "EAAB-secret-page-token-for-tests";
    public const string ChatId = "@nashir_test";
    public const string PageId = "1029384756";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _telegram = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _facebook = new();
    private readonly ConcurrentQueue<StubRequest> _requests = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId = 100;

    private SocialStub(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public string TelegramBase => BaseUrl;
    public string GraphBase => BaseUrl + "/v19.0";
    public IReadOnlyList<StubRequest> Requests => [.. _requests];
    public IReadOnlyList<StubRequest> Telegram => Requests.Where(r => r.Api == "telegram").ToList();
    public IReadOnlyList<StubRequest> Facebook => Requests.Where(r => r.Api == "facebook").ToList();

    public static async Task<SocialStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new SocialStub(app);
        app.Run(stub.RouteAsync);
        await app.StartAsync();
        stub.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return stub;
    }

    /// <summary>The site's settings that point both channels at this stub.</summary>
    public NashirFactory Configure(NashirFactory site, bool telegram = true, bool facebook = true)
    {
        if (telegram)
        {
            site.With("Nashir:Social:Telegram:BotToken", BotToken).With("Nashir:Social:Telegram:ChatId", ChatId)
                .With("Nashir:Social:Telegram:ApiBase", TelegramBase);
        }
        if (facebook)
        {
            site.With("Nashir:Social:Facebook:PageId", PageId).With("Nashir:Social:Facebook:AccessToken", PageToken)
                .With("Nashir:Social:Facebook:ApiBase", GraphBase);
        }
        return site.With("Nashir:PublicUrl", "https://alraai.example");
    }

    public void TelegramAnswers(int status, string json, string? retryAfterHeader = null) => _telegram.Enqueue(Answer(status, json, retryAfterHeader));

    public void FacebookAnswers(int status, string json, string? retryAfterHeader = null) => _facebook.Enqueue(Answer(status, json, retryAfterHeader));

    /// <summary>The next Telegram call is received and then held without an answer until <see cref="Release"/> (or the caller gives up).</summary>
    public void TelegramHangs() => _telegram.Enqueue(async ctx =>
    {
        try
        {
            await _release.Task.WaitAsync(ctx.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await Ok(ctx, "telegram");
    });

    public void Release() => _release.TrySetResult();

    /// <summary>Waits until the stub has received <paramref name="count"/> calls (fails after 15 s).</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (_requests.Count < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The stub received {_requests.Count} calls, not {count}.");
            await Task.Delay(20);
        }
    }

    // Telegram's addresses are /bot<token>/<method>; the Graph API's /v19.0/<page-id>/feed.
    private Task RouteAsync(HttpContext ctx)
    {
        var parts = ctx.Request.Path.Value!.Split('/');
        if (ctx.Request.Method == "POST" && parts.Length == 3 && parts[1].StartsWith("bot", StringComparison.Ordinal))
            return TelegramAsync(ctx, parts[1][3..], parts[2]);
        if (ctx.Request.Method == "POST" && parts.Length == 4 && parts[1] == "v19.0" && parts[3] == "feed")
            return FacebookAsync(ctx);
        ctx.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    private async Task TelegramAsync(HttpContext ctx, string token, string method)
    {
        using var doc = await JsonDocument.ParseAsync(ctx.Request.Body);
        var fields = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
        _requests.Enqueue(new StubRequest("telegram", method, ctx.Request.Path.Value!, fields));
        if (token != BotToken)
        {
            await Write(ctx, 401, """{"ok":false,"error_code":401,"description":"Unauthorized"}""");
            return;
        }
        if (_telegram.TryDequeue(out var answer))
            await answer(ctx);
        else
            await Ok(ctx, "telegram");
    }

    private async Task FacebookAsync(HttpContext ctx)
    {
        var form = await ctx.Request.ReadFormAsync();
        var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        _requests.Enqueue(new StubRequest("facebook", "feed", ctx.Request.Path.Value!, fields));
        if (_facebook.TryDequeue(out var answer))
            await answer(ctx);
        else
            await Ok(ctx, "facebook");
    }

    private Task Ok(HttpContext ctx, string api)
    {
        var id = Interlocked.Increment(ref _nextId);
        return api == "telegram"
            ? Write(ctx, 200, string.Create(CultureInfo.InvariantCulture,
                $$$"""{"ok":true,"result":{"message_id":{{{id}}},"sender_chat":{"id":-1001234567890,"title":"الرأي برس","username":"nashir_test","type":"channel"},"chat":{"id":-1001234567890,"title":"الرأي برس","username":"nashir_test","type":"channel"},"date":1727773200}}"""))
            : Write(ctx, 200, string.Create(CultureInfo.InvariantCulture, $$"""{"id":"{{PageId}}_{{id}}"}"""));
    }

    private static Func<HttpContext, Task> Answer(int status, string json, string? retryAfter) => ctx =>
    {
        if (retryAfter is not null)
            ctx.Response.Headers.RetryAfter = retryAfter;
        return Write(ctx, status, json);
    };

    private static Task Write(HttpContext ctx, int status, string json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
