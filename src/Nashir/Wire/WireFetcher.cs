using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Nashir.Wire;

/// <summary>Why a feed could not be read: one sentence for the newsroom (Arabic), one for operators (English, with detail).</summary>
public sealed class WireFeedException(string arabic, string english, Exception? inner = null) : Exception(english, inner)
{
    public string Arabic { get; } = arabic;
}

/// <summary>A fetched feed body, or "not modified" when the agency answered 304 to our validators.</summary>
public sealed record WireResponse(bool NotModified, byte[] Body, string? ContentType, string? ETag, string? LastModified);

/// <summary>
/// Fetches agency feeds without letting a feed address reach inside our network: http(s) only; every connection's
/// resolved address is checked by <see cref="AddressGuard"/> at connect time (so DNS rebinding cannot dodge it, and
/// every redirect hop is checked again); no proxy (it would hide the real address); a size cap counted on the
/// decompressed bytes, whether or not Content-Length is sent; one deadline for the whole fetch.
/// </summary>
public sealed class WireFetcher : IDisposable
{
    private readonly WireOptions _options;
    private readonly HttpClient _http;

    public WireFetcher(IOptions<WireOptions> options)
    {
        _options = options.Value;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Nashir-Wire", "1.0"));
    }

    public async Task<WireResponse> FetchAsync(string url, string? etag, string? lastModified, CancellationToken ct)
    {
        var uri = CheckAddress(url);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1");
                if (hop == 0 && etag is not null)
                    request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                if (hop == 0 && lastModified is not null)
                    request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308)
                {
                    if (hop >= _options.MaxRedirects)
                        throw new WireFeedException("أعاد المصدر التوجيه مرات كثيرة.", $"More than {_options.MaxRedirects} redirects.");
                    var location = response.Headers.Location
                        ?? throw new WireFeedException("أعاد المصدر التوجيه دون عنوان.", "A redirect without a Location header.");
                    uri = CheckAddress(new Uri(uri, location).AbsoluteUri);
                    continue;
                }
                if (response.StatusCode == HttpStatusCode.NotModified)
                    return new WireResponse(true, [], null, etag, lastModified);
                if (!response.IsSuccessStatusCode)
                {
                    throw new WireFeedException($"أجاب المصدر برمز الخطأ {status.ToString(CultureInfo.InvariantCulture)}.",
                        $"The feed answered HTTP {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}.");
                }
                var body = await ReadLimitedAsync(response, deadline.Token);
                return new WireResponse(false, body, response.Content.Headers.ContentType?.MediaType,
                    response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture));
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new WireFeedException("انتهت مهلة جلب المصدر.", $"The fetch took longer than {_options.Timeout}.");
        }
        catch (HttpRequestException ex) when (Find<WireFeedException>(ex) is { } refused)
        {
            throw refused;
        }
        catch (HttpRequestException ex)
        {
            throw new WireFeedException("تعذّر الاتصال بالمصدر.", $"Connection failed: {ex.Message}", ex);
        }
    }

    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var max = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > max)
            throw TooLarge();
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            // Counted as it arrives (decompressed), so a missing or lying Content-Length, or a gzip bomb, stops here.
            if (buffer.Length + read > max)
                throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();

        WireFeedException TooLarge() => new(
            "حجم المصدر أكبر من الحد المسموح.",
            $"The response is larger than Nashir:Wire:MaxResponseBytes ({max.ToString(CultureInfo.InvariantCulture)} bytes).");
    }

    private static Uri CheckAddress(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new WireFeedException("عنوان المصدر ليس رابط http أو https.", $"Only http and https addresses are fetched: '{url}'.");
        return uri;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = _options.AllowPrivateAddresses ? addresses : addresses.Where(a => !AddressGuard.IsForbidden(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new WireFeedException(
                "عنوان المصدر يشير إلى شبكة داخلية أو محلية، وهذا غير مسموح.",
                $"Refused: {host} resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}, a private, loopback, link-local or otherwise internal address (Nashir:Wire:AllowPrivateAddresses is false).");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Connect to exactly the addresses checked above, never re-resolving the name.
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
                return found;
        }
        return null;
    }

    public void Dispose() => _http.Dispose();
}
