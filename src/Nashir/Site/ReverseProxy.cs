using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Nashir.Site;

/// <summary>
/// Settings under <c>Nashir:Proxy</c>: the reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
/// are believed. Default none: the socket's peer is the client, and forwarded headers from anyone are ignored.
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>Addresses of the proxies in front of the site (e.g. <c>127.0.0.1</c> for nginx on the same machine).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Address ranges in CIDR form (e.g. <c>10.0.0.0/8</c>) whose machines are all proxies.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>
    /// Trusted proxies a request may have passed through, one after another (a CDN, then nginx: 2). Default 1.
    /// Entries are taken from the right only while the one that sent them is a known proxy, so a larger value never
    /// trusts a client's own entries; it only lets the real client's address through a longer chain.
    /// </summary>
    public int ForwardLimit { get; set; } = 1;

    // A list in an environment variable is awkward (Nashir__Proxy__KnownProxies__0=…), so one value may hold several:
    // Nashir__Proxy__KnownProxies=127.0.0.1,10.0.0.2.
    internal static IEnumerable<string> Entries(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    internal bool Any => Entries(KnownProxies).Any() || Entries(KnownNetworks).Any();
}

/// <summary>Which address a request comes from, and how it arrived, when the site sits behind a reverse proxy.</summary>
public static class ReverseProxy
{
    public static IServiceCollection AddNashirProxy(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<ProxyOptions>().Bind(section)
            .Configure(o =>
            {
                // The binder reads a list only from numbered keys; one value (an environment variable) is accepted too.
                if (section[nameof(o.KnownProxies)] is { } proxies)
                    o.KnownProxies = [.. o.KnownProxies, proxies];
                if (section[nameof(o.KnownNetworks)] is { } networks)
                    o.KnownNetworks = [.. o.KnownNetworks, networks];
            })
            .Validate(o => ProxyOptions.Entries(o.KnownProxies).All(p => IPAddress.TryParse(p, out _)),
                "Nashir:Proxy:KnownProxies must be IP addresses, e.g. 127.0.0.1.")
            .Validate(o => ProxyOptions.Entries(o.KnownNetworks).All(n => System.Net.IPNetwork.TryParse(n, out _)),
                "Nashir:Proxy:KnownNetworks must be CIDR ranges, e.g. 10.0.0.0/8.")
            .Validate(o => o.ForwardLimit >= 1, "Nashir:Proxy:ForwardLimit must be at least 1.")
            .ValidateOnStart();
        // PostConfigure, so it wins over ASPNETCORE_FORWARDEDHEADERS_ENABLED's own setup, which empties both lists:
        // ASP.NET Core believes every peer when both lists are empty. With none configured nothing is forwarded.
        services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<ProxyOptions>>((o, proxy) =>
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.ForwardedHeaders = proxy.Value.Any ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            o.ForwardLimit = proxy.Value.ForwardLimit;
            foreach (var address in ProxyOptions.Entries(proxy.Value.KnownProxies))
                o.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in ProxyOptions.Entries(proxy.Value.KnownNetworks))
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline: from here on <c>Connection.RemoteIpAddress</c> is the client behind a known proxy and
    /// <c>Request.IsHttps</c> says how the client reached the proxy. <c>X-Forwarded-Host</c> is never read.
    /// </summary>
    public static IApplicationBuilder UseNashirProxy(this WebApplication app)
    {
        // ASPNETCORE_FORWARDEDHEADERS_ENABLED=true already put the same middleware, with these options, in front.
        var alreadyInFront = string.Equals(app.Configuration["FORWARDEDHEADERS_ENABLED"], "true", StringComparison.OrdinalIgnoreCase);
        if (!alreadyInFront && app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Any)
            app.UseForwardedHeaders();
        return app;
    }
}
