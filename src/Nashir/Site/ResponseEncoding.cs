using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace Nashir.Site;

/// <summary>
/// Brotli or gzip for text, and validators (ETag, 304) for pages. Both sit inside the output cache, so a cached
/// entry is stored compressed, once per encoding, with its ETag.
/// </summary>
public static class ResponseEncoding
{
    public static IServiceCollection AddNashirCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            // BREACH needs a secret inside a compressed body that also reflects text an attacker chooses. Reader
            // answers carry no secret (no anti-forgery token: docs/COMMENTS.md); the newsroom's pages do, so they and
            // anything asked with the sign-in cookie are sent uncompressed (HoldsSecrets).
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/rss+xml", "application/atom+xml", "application/problem+json", "image/svg+xml"];
        });
        // Fastest: an uncached answer is compressed on every request; a cached one once.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    public static IApplicationBuilder UseNashirCompression(this IApplicationBuilder app)
    {
        app.UseWhen(c => !HoldsSecrets(c), b => b.UseResponseCompression());
        app.UseWhen(c => (HttpMethods.IsGet(c.Request.Method) || HttpMethods.IsHead(c.Request.Method)) && !c.Request.Path.StartsWithSegments("/newsroom", StringComparison.OrdinalIgnoreCase),
            b => b.Use(ValidateAsync));
        return app;
    }

    private static bool HoldsSecrets(HttpContext c) =>
        c.Request.Path.StartsWithSegments("/newsroom", StringComparison.OrdinalIgnoreCase) || c.Request.Cookies.ContainsKey(ReaderCachePolicy.SignInCookie);

    /// <summary>
    /// A page answered 200 without validators of its own gets a weak ETag (a hash of its HTML), and a request that
    /// already holds that version gets a 304 with no body. Feeds and the API set their own (strong) ones.
    /// </summary>
    private static async Task ValidateAsync(HttpContext context, RequestDelegate next)
    {
        var response = context.Response;
        var original = response.Body;
        await using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }
        if (response.StatusCode == StatusCodes.Status200OK && !response.Headers.ContainsKey(HeaderNames.ETag)
            && response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var tag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)).AsSpan(0, 16)) + "\"", isWeak: true);
            response.Headers.ETag = tag.ToString();
            if (EntityTagHeaderValue.TryParseList(context.Request.Headers.IfNoneMatch, out var held)
                && held.Any(h => h.Equals(EntityTagHeaderValue.Any) || h.Compare(tag, useStrongComparison: false)))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                return;
            }
        }
        if (buffer.Length > 0 && !HttpMethods.IsHead(context.Request.Method))
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        }
        else if (HttpMethods.IsHead(context.Request.Method) && buffer.Length > 0 && response.ContentLength is null)
        {
            response.ContentLength = buffer.Length;
        }
    }
}
