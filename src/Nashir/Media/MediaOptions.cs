namespace Nashir.Media;

/// <summary>Settings under <c>Nashir:Media</c>: what the media library accepts.</summary>
public sealed class MediaOptions
{
    public const string Section = "Nashir:Media";

    /// <summary>Largest upload accepted, in bytes. Default 15 MB (15 × 1024 × 1024).</summary>
    public long MaxUploadBytes { get; set; } = 15L * 1024 * 1024;

    /// <summary>
    /// Largest image accepted, in pixels (width × height), checked from the header before the image is decoded,
    /// so a small file that would decompress into gigabytes is refused. Default 40 000 000 (40 megapixels).
    /// </summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>Uploads decoded and resized at the same time; the rest wait their turn. Default 2.</summary>
    public int MaxConcurrentProcessing { get; set; } = 2;

    /// <summary>
    /// The request body a media upload may send before it is cut off with a 413: twice the file limit plus
    /// 1 MB for the other fields. A file between the limit and this size is read in full and refused with a
    /// sentence that names the limit; anything larger gets the generic "too large" page.
    /// </summary>
    public long RequestLimitBytes => checked((MaxUploadBytes * 2) + (1024 * 1024));
}
