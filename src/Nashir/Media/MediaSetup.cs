namespace Nashir.Media;

/// <summary>Registration for the media library.</summary>
public static class MediaSetup
{
    public static IServiceCollection AddNashirMedia(this IServiceCollection services, NashirOptions options)
    {
        _ = options;
        return services;
    }
}
