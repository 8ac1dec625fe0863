using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;

namespace Nashir.Media;

/// <summary>
/// The process-wide part of image handling: one ImageSharp configuration and a gate on concurrent decoding.
/// Decoding untrusted files is where image libraries get attacked, so the configuration narrows what it accepts.
/// </summary>
public sealed class MediaProcessing : IDisposable
{
    public MediaProcessing(IOptions<MediaOptions> options)
    {
        var media = options.Value;
        // Only the four formats the newsroom uses: no TIFF, BMP, TGA or PBM decoder is reachable by an upload.
        Configuration = new Configuration(
            new JpegConfigurationModule(),
            new PngConfigurationModule(),
            new WebpConfigurationModule(),
            new GifConfigurationModule())
        {
            // A ceiling under any single buffer, whatever a header claims: twice a 4-byte-per-pixel frame at the
            // pixel limit. The pixel check runs first; this is the net under it.
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                AllocationLimitMegabytes = (int)Math.Clamp(media.MaxPixels * 4 * 2 / (1024 * 1024), 64, 4096),
            }),
        };
        // An animated GIF keeps its first frame: the reader site shows stills, and the other frames are never decoded.
        Configuration.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First });
        Gate = new SemaphoreSlim(media.MaxConcurrentProcessing, media.MaxConcurrentProcessing);
    }

    public Configuration Configuration { get; }

    /// <summary>Decoding and encoding are CPU- and memory-heavy; a handful at a time keeps the site answering.</summary>
    public SemaphoreSlim Gate { get; }

    /// <summary>Longest a decode may run before the file is treated as hostile.</summary>
    public static readonly TimeSpan DecodeTimeout = TimeSpan.FromSeconds(60);

    public void Dispose() => Gate.Dispose();
}
