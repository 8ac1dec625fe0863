using Microsoft.Extensions.Options;

namespace Nashir.Social;

/// <summary>Telegram and Facebook auto-posting: options, the HTTP client, the queue and its poster.</summary>
public static class SocialSetup
{
    public static IServiceCollection AddNashirSocial(this IServiceCollection services, IConfigurationSection section)
    {
        services.AddOptions<SocialOptions>().Bind(section)
            .Validate(o => o.MaxAttempts >= 1, "Nashir:Social:MaxAttempts must be at least 1.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.Timeout > TimeSpan.Zero && o.RetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay,
                "Nashir:Social: PollInterval, Timeout and RetryDelay must be positive, and MaxRetryDelay at least RetryDelay.")
            .Validate(o => IsHttpBase(o.Telegram.ApiBase) && IsHttpBase(o.Facebook.ApiBase),
                "Nashir:Social:Telegram:ApiBase and Nashir:Social:Facebook:ApiBase must be http(s) addresses.")
            .ValidateOnStart();
        services.AddHttpClient(SocialSenders.HttpClientName, (sp, client) =>
                client.Timeout = sp.GetRequiredService<IOptions<SocialOptions>>().Value.Timeout)
            // The default request log writes every address, and Telegram's carries the bot token.
            .RemoveAllLoggers();
        services.AddSingleton<SocialQueue>();
        services.AddSingleton<SocialSenders>();
        services.AddSingleton<SocialPoster>();
        services.AddHostedService(sp => sp.GetRequiredService<SocialPoster>());
        return services;
    }

    private static bool IsHttpBase(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
