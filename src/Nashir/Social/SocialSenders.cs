using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Nashir.Social;

public enum SendOutcome
{
    Sent,

    /// <summary>Nothing was posted and trying later may work (5xx, 429, rate limits, no connection).</summary>
    Retry,

    /// <summary>Nothing was posted and trying again will not help (a 4xx other than 429).</summary>
    Failed,

    /// <summary>The call may have reached the channel and posted (a timeout, a dropped connection, an unreadable success).</summary>
    Unknown,
}

public sealed record SendResult(SendOutcome Outcome, string? RemoteId = null, string? Error = null, TimeSpan? RetryAfter = null);

/// <summary>
/// The two channels' HTTP calls, and how their answers map onto <see cref="SendOutcome"/>. Tokens travel in the
/// path (Telegram requires it) or the form body (Facebook), never in a query string, and never reach a log or an
/// error text: the HTTP client's own request logging is off for this client, and errors are scrubbed.
/// </summary>
public sealed class SocialSenders(IHttpClientFactory http, IOptions<SocialOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "Nashir.Social";

    public Task<SendResult> SendAsync(SocialChannel channel, SocialArticle article, CancellationToken ct) => channel switch
    {
        SocialChannel.Telegram => TelegramAsync(article, ct),
        SocialChannel.Facebook => FacebookAsync(article, ct),
        _ => Task.FromResult(new SendResult(SendOutcome.Failed, Error: "قناة غير معروفة.")),
    };

    private async Task<SendResult> TelegramAsync(SocialArticle article, CancellationToken ct)
    {
        var o = options.Value.Telegram;
        if (article.ImageUrl is { } photo)
        {
            var result = await TelegramCallAsync("sendPhoto", new JsonObject
            {
                ["chat_id"] = o.ChatId,
                ["photo"] = photo,
                ["caption"] = SocialMessages.TelegramHtml(article, SocialMessages.CaptionLimit),
                ["parse_mode"] = "HTML",
            }, ct);
            // A 400 means nothing was posted; most often Telegram could not fetch or use the image (a private
            // address, an unsupported format). The text with its link preview is better than no post.
            if (result.Status != HttpStatusCode.BadRequest)
                return result.Result;
        }
        return (await TelegramCallAsync("sendMessage", new JsonObject
        {
            ["chat_id"] = o.ChatId,
            ["text"] = SocialMessages.TelegramHtml(article, SocialMessages.MessageLimit),
            ["parse_mode"] = "HTML",
        }, ct)).Result;
    }

    private async Task<(SendResult Result, HttpStatusCode? Status)> TelegramCallAsync(string method, JsonObject body, CancellationToken ct)
    {
        var o = options.Value.Telegram;
        var url = $"{o.ApiBase.TrimEnd('/')}/bot{o.BotToken!.Trim()}/{method}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        return await CallAsync(request, (status, json, retryAfter) =>
        {
            if (json?["ok"]?.GetValueKind() == JsonValueKind.True && status < 300)
            {
                var id = json["result"]?["message_id"];
                return id is null
                    ? new SendResult(SendOutcome.Unknown, Error: "أجاب تيليجرام بالنجاح دون رقم الرسالة.")
                    : new SendResult(SendOutcome.Sent, RemoteId: id.ToJsonString());
            }
            var code = Int(json?["error_code"]) ?? status;
            var description = json?["description"]?.GetValueKind() == JsonValueKind.String ? json["description"]!.GetValue<string>() : null;
            var error = string.Create(CultureInfo.InvariantCulture, $"Telegram {code}: {description ?? "بلا وصف"}");
            if (Int(json?["parameters"]?["retry_after"]) is { } seconds)
                retryAfter = TimeSpan.FromSeconds(seconds);
            if (code == 429 || status == 429 || status >= 500)
                return new SendResult(SendOutcome.Retry, Error: error, RetryAfter: retryAfter);
            if (status is >= 200 and < 300)
                return new SendResult(SendOutcome.Unknown, Error: "أجاب تيليجرام بجواب غير مفهوم: " + error);
            return new SendResult(SendOutcome.Failed, Error: error);
        }, ct);
    }

    // Graph API errors that are about load or a passing fault, not about the request: unknown (1), service (2),
    // application/user/page rate limits (4, 17, 32), over quota (341) and API-specific rate limits (613).
    private static readonly HashSet<int> FacebookTransient = [1, 2, 4, 17, 32, 341, 613];

    private async Task<SendResult> FacebookAsync(SocialArticle article, CancellationToken ct)
    {
        var o = options.Value.Facebook;
        var url = $"{o.ApiBase.TrimEnd('/')}/{Uri.EscapeDataString(o.PageId!.Trim())}/feed";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(
            [
                new("message", SocialMessages.FacebookText(article)),
                new("link", article.Link),
                new("access_token", o.AccessToken!.Trim()),
            ]),
        };
        return (await CallAsync(request, (status, json, retryAfter) =>
        {
            if (status < 300 && json?["id"] is { } id && id.GetValueKind() == JsonValueKind.String)
                return new SendResult(SendOutcome.Sent, RemoteId: id.GetValue<string>());
            var e = json?["error"];
            var code = Int(e?["code"]);
            var message = e?["message"]?.GetValueKind() == JsonValueKind.String ? e["message"]!.GetValue<string>() : null;
            var error = string.Create(CultureInfo.InvariantCulture, $"Facebook {status}{(code is null ? "" : $" (code {code})")}: {message ?? "بلا وصف"}");
            var transient = e?["is_transient"]?.GetValueKind() == JsonValueKind.True;
            if (status == 429 || status >= 500 || transient || (code is { } c && FacebookTransient.Contains(c)))
                return new SendResult(SendOutcome.Retry, Error: error, RetryAfter: retryAfter);
            if (status is >= 200 and < 300)
                return new SendResult(SendOutcome.Unknown, Error: "أجاب فيسبوك بجواب غير مفهوم: " + error);
            return new SendResult(SendOutcome.Failed, Error: error);
        }, ct)).Result;
    }

    /// <summary>Sends, reads the JSON answer (if any) and the Retry-After header, and lets the channel judge it.</summary>
    private async Task<(SendResult Result, HttpStatusCode? Status)> CallAsync(HttpRequestMessage request,
        Func<int, JsonNode?, TimeSpan?, SendResult> judge, CancellationToken ct)
    {
        var client = http.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonNode? json = null;
            try
            {
                json = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // A proxy's HTML error page: judged by the status alone.
            }
            var result = judge((int)response.StatusCode, json is JsonObject ? json : null, RetryAfter(response));
            return (result with { Error = Scrub(result.Error) }, response.StatusCode);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            // The request never left: trying again cannot post twice.
            return (new SendResult(SendOutcome.Retry, Error: Scrub("تعذر الاتصال: " + ex.Message)), null);
        }
        catch (HttpRequestException ex)
        {
            return (new SendResult(SendOutcome.Unknown, Error: Scrub("انقطع الاتصال بعد إرسال الطلب: " + ex.Message)), null);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return (new SendResult(SendOutcome.Unknown, Error: string.Create(CultureInfo.InvariantCulture,
                $"لم يصل جواب خلال {options.Value.Timeout.TotalSeconds:0} ثانية بعد إرسال الطلب.")), null);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
            return null;
        if (header.Delta is { } delta)
            return delta;
        if (header.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private static int? Int(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var n) ? n : null;

    /// <summary>Removes the tokens from any text that came back (an exception message may echo the request).</summary>
    private string? Scrub(string? text)
    {
        if (text is null)
            return null;
        foreach (var secret in new[] { options.Value.Telegram.BotToken, options.Value.Facebook.AccessToken })
        {
            if (!string.IsNullOrWhiteSpace(secret))
                text = text.Replace(secret.Trim(), "***", StringComparison.Ordinal);
        }
        return text.Length > SocialPost.ErrorMax ? text[..SocialPost.ErrorMax] : text;
    }
}
