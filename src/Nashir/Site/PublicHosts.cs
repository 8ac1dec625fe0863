using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Primitives;

namespace Nashir.Site;

/// <summary>
/// The host names the site answers to: <c>AllowedHosts</c> (ASP.NET Core's setting, <c>;</c>-separated, <c>*.x</c>
/// wildcards; default <c>*</c>, any). Links are built from the request's host when <c>Nashir:PublicUrl</c> is not
/// set, so a request for another host would put that host into canonical links, feeds and sitemaps that shared
/// caches keep; it gets a 400 instead.
/// </summary>
public static class PublicHosts
{
    private const string Refusal = "لا يخدم هذا الموقع اسم النطاق المطلوب في الطلب.";

    public static IServiceCollection AddNashirPublicHosts(this IServiceCollection services)
    {
        // ASP.NET Core's own host filter answers in English, before the Arabic error handling; this one replaces it.
        services.PostConfigure<HostFilteringOptions>(o => o.AllowedHosts = ["*"]);
        return services;
    }

    public static IApplicationBuilder UseNashirPublicHosts(this WebApplication app)
    {
        var allowed = Allowed(app.Configuration);
        var publicUrl = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NashirOptions>>().Value.PublicUrl;
        if (allowed is null && string.IsNullOrWhiteSpace(publicUrl) && app.Environment.IsProduction())
        {
            app.Logger.LogWarning(
                "Neither Nashir:PublicUrl nor AllowedHosts is set: absolute links (canonical, og:url, feeds, sitemaps, robots.txt, JSON-LD) "
                + "take the host each request names, so anyone can make them point elsewhere. Set Nashir:PublicUrl to the site's origin, "
                + "or AllowedHosts to its host names (e.g. alraai.example;www.alraai.example).");
        }
        if (allowed is null)
            return app;
        return app.Use((context, next) =>
        {
            // The health check is asked for by address (load balancers, orchestrators) and builds no links.
            if (HostString.MatchesAny(new StringSegment(context.Request.Host.Value ?? ""), allowed) || context.Request.Path.Equals("/healthz", StringComparison.Ordinal))
                return next(context);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(Refusal);
        });
    }

    /// <summary>The configured host patterns, or null when any host is accepted.</summary>
    private static StringSegment[]? Allowed(IConfiguration configuration)
    {
        var hosts = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return hosts.Length == 0 || hosts.Contains("*") ? null : [.. hosts.Select(h => new StringSegment(h))];
    }
}
