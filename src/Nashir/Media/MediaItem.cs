namespace Nashir.Media;

/// <summary>An image in the media library. <see cref="Path"/> is relative to the media root and served under /media.</summary>
public sealed class MediaItem
{
    public int Id { get; set; }
    public required string Path { get; set; }
    public required string ContentType { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public string? Alt { get; set; }
    public string? Caption { get; set; }
    public string? Credit { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Widths of the resized copies, comma-separated ("320,640,1024,1600"); empty for a single file (SVG).</summary>
    public string? Variants { get; set; }

    public long SizeBytes { get; set; }
    public string? OriginalName { get; set; }
    public string? UploadedById { get; set; }
}
