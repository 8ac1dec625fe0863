namespace Nashir.Wire;

/// <summary>Registers wire ingest: settings under <c>Nashir:Wire</c>, the guarded fetcher and the poller.</summary>
public static class WireSetup
{
    public static IServiceCollection AddNashirWire(this IServiceCollection services, IConfigurationSection section)
    {
        services.AddOptions<WireOptions>().Bind(section)
            .Validate(o => o.Feeds.All(f => !string.IsNullOrWhiteSpace(f.Name) && f.Name.Length <= 100),
                "Every Nashir:Wire:Feeds entry needs a Name of at most 100 characters.")
            .Validate(o => o.Feeds.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() == o.Feeds.Count,
                "Nashir:Wire:Feeds names must be unique.")
            .Validate(o => o.Feeds.All(f => Uri.TryCreate(f.Url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)),
                "Every Nashir:Wire:Feeds entry needs an http(s) Url.")
            .Validate(o => o.Feeds.All(f => f.IntervalMinutes >= 1), "Nashir:Wire:Feeds:N:IntervalMinutes must be at least 1.")
            .Validate(o => o.MaxResponseBytes > 0 && o.Timeout > TimeSpan.Zero && o.MaxRedirects >= 0 && o.CheckInterval > TimeSpan.Zero && o.Retention > TimeSpan.Zero,
                "Nashir:Wire limits (MaxResponseBytes, Timeout, CheckInterval, Retention) must be positive and MaxRedirects not negative.")
            .ValidateOnStart();
        services.AddSingleton<WireFetcher>();
        services.AddSingleton<WirePoller>();
        services.AddHostedService(sp => sp.GetRequiredService<WirePoller>());
        return services;
    }
}
