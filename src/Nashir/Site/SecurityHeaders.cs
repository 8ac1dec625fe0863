using Microsoft.Extensions.Options;
using Nashir.Articles;

namespace Nashir.Site;

/// <summary>Settings under <c>Nashir:Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Send <c>Strict-Transport-Security: max-age=31536000</c> (one year, this host only) on HTTPS responses. Default
    /// false: turn it on once the site is served over HTTPS for good, since browsers then refuse plain HTTP for a year.
    /// </summary>
    public bool Hsts { get; set; }
}

/// <summary>
/// The headers every response carries, whoever answers it: pages, static and media files, feeds, sitemaps, both APIs,
/// health checks and error pages. Set when the response starts, so the exception handler's cleared headers and
/// re-executed error pages get them too; the same for every reader, so a shared cache may store the pages.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts and styles only from files on this site: the pages have no inline script (JSON-LD is data, which CSP
    /// does not execute) and no inline style (the editor's ProseMirror styles are bundled into editor.css), so no
    /// nonce is needed and reader pages stay identical for everyone. A new inline script belongs in wwwroot/js.
    /// Pictures: what <see cref="BodySanitizer"/> lets a body show (any http(s) address: wire copy links agencies'
    /// pictures). Frames: the sanitizer's embed hosts only. Nobody may frame the site (clickjacking).
    /// </summary>
    public static readonly string ContentSecurityPolicy = string.Join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: http:",
        "frame-src " + string.Join(' ', BodySanitizer.EmbedHosts.SelectMany(h => new[] { "https://" + h, "https://*." + h })),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'");

    /// <summary>
    /// Powerful features nobody on the site uses, refused for the pages and every frame in them. Left at their defaults:
    /// what embedded players ask for in their <c>allow</c> attribute (autoplay, fullscreen, picture-in-picture,
    /// encrypted-media, accelerometer, gyroscope, clipboard-write) and clipboard access for "نسخ الرابط".
    /// Only names Chromium knows: an unknown one is reported as an error in every page's console.
    /// </summary>
    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), "
        + "magnetometer=(), display-capture=(), idle-detection=(), browsing-topics=()";

    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>
    /// What TRACE and TRACK answer: they exist to echo the request (its cookies included) and nothing here needs them.
    /// </summary>
    private const string MethodRefused = "طريقة الطلب هذه غير مدعومة.";

    /// <summary>First in the pipeline, before the exception handler, so every answer passes through it.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var hsts = app.ApplicationServices.GetRequiredService<IOptions<SecurityOptions>>().Value.Hsts;
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                Apply(context, hsts);
                return Task.CompletedTask;
            });
            if (HttpMethods.IsTrace(context.Request.Method) || string.Equals(context.Request.Method, "TRACK", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = "GET, HEAD, POST";
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync(MethodRefused);
            }
            return next(context);
        });
    }

    private static void Apply(HttpContext context, bool hsts)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = PermissionsPolicy;
        // Behind a proxy, IsHttps comes from the forwarded headers of a trusted proxy.
        if (hsts && context.Request.IsHttps)
            headers.StrictTransportSecurity = StrictTransportSecurity;
    }
}
