namespace Nashir.Media;

/// <summary>Registration for the media library.</summary>
public static class MediaSetup
{
    public static IServiceCollection AddNashirMedia(this IServiceCollection services, NashirOptions options)
    {
        _ = options;
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section)
            .Validate(o => o.MaxUploadBytes is > 0 and <= 1024L * 1024 * 1024, "Nashir:Media:MaxUploadBytes must be between 1 byte and 1 GB.")
            .Validate(o => o.MaxPixels > 0, "Nashir:Media:MaxPixels must be positive.")
            .Validate(o => o.MaxConcurrentProcessing > 0, "Nashir:Media:MaxConcurrentProcessing must be positive.")
            .ValidateOnStart();
        services.AddSingleton<MediaProcessing>();
        services.AddScoped<MediaStore>();
        return services;
    }
}
