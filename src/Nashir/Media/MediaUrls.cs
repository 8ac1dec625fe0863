using System.Globalization;

namespace Nashir.Media;

public enum MediaFormat
{
    Jpeg,
    Webp,
}

/// <summary>
/// Addresses of media files under /media. An uploaded image is a family of files, one per width and format
/// (<c>2024/10/abc-640.webp</c>); its <see cref="MediaItem.Path"/> is the family's stem and
/// <see cref="MediaItem.Variants"/> lists the widths. An item without variants (the demo SVGs) is one file
/// whose path includes its extension.
/// </summary>
public static class MediaUrls
{
    public const string Prefix = "/media/";

    /// <summary>The fallback width for a plain <c>src</c>: sharp in an article column, modest on a phone.</summary>
    public const int DefaultWidth = 1024;

    /// <summary>The widths listed in <paramref name="variants"/>, smallest first; empty for a single file.</summary>
    public static IReadOnlyList<int> Widths(string? variants)
    {
        if (string.IsNullOrWhiteSpace(variants))
            return [];
        var widths = new List<int>();
        foreach (var part in variants.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var width) && width > 0)
                widths.Add(width);
        }
        widths.Sort();
        return widths;
    }

    public static string FormatVariants(IEnumerable<int> widths) =>
        string.Join(',', widths.Order().Select(w => w.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The file of one variant, relative to the media folder: <c>2024/10/abc-640.jpg</c>.</summary>
    public static string VariantFile(string path, int width, MediaFormat format) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}-{width}.{Extension(format)}");

    public static string Extension(MediaFormat format) => format == MediaFormat.Webp ? "webp" : "jpg";

    /// <summary>Every file that belongs to the item, relative to the media folder.</summary>
    public static IEnumerable<string> Files(string path, string? variants)
    {
        var widths = Widths(variants);
        if (widths.Count == 0)
            return [path];
        return widths.SelectMany(w => new[] { VariantFile(path, w, MediaFormat.Webp), VariantFile(path, w, MediaFormat.Jpeg) });
    }

    /// <summary>
    /// One address: the smallest variant at least <paramref name="width"/> wide (else the largest), or the single
    /// file itself.
    /// </summary>
    public static string Src(string path, string? variants, int width = DefaultWidth, MediaFormat format = MediaFormat.Jpeg)
    {
        var widths = Widths(variants);
        if (widths.Count == 0)
            return Prefix + Escape(path);
        var chosen = widths.FirstOrDefault(w => w >= width, widths[^1]);
        return Prefix + Escape(VariantFile(path, chosen, format));
    }

    public static string Src(MediaItem item, int width = DefaultWidth, MediaFormat format = MediaFormat.Jpeg) =>
        Src(item.Path, item.Variants, width, format);

    /// <summary>
    /// One JPEG (or the single file) about <paramref name="width"/> wide, with its own pixel size: what link previews
    /// (OpenGraph, JSON-LD, social posts) need, since they take one address and no srcset.
    /// </summary>
    public static (string Src, int Width, int Height) Sized(MediaItem item, int width)
    {
        var widths = Widths(item.Variants);
        if (widths.Count == 0 || item.Width <= 0)
            return (Src(item, width), item.Width, item.Height);
        var chosen = widths.FirstOrDefault(w => w >= width, widths[^1]);
        var height = (int)Math.Round(item.Height * (double)chosen / item.Width);
        return (Prefix + Escape(VariantFile(item.Path, chosen, MediaFormat.Jpeg)), chosen, height);
    }

    /// <summary>A <c>srcset</c> value ("… 320w, … 640w"); empty for a single file.</summary>
    public static string SrcSet(string path, string? variants, MediaFormat format = MediaFormat.Jpeg) =>
        string.Join(", ", Widths(variants).Select(w =>
            string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Escape(VariantFile(path, w, format))} {w}w")));

    public static string SrcSet(MediaItem item, MediaFormat format = MediaFormat.Jpeg) => SrcSet(item.Path, item.Variants, format);

    // Uploaded paths are ASCII by construction; other single files (the demo's) may not be. Escaping also keeps
    // commas and spaces, which separate srcset entries, out of the addresses.
    private static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}

/// <summary>Byte counts as a newsroom reads them: "15 ميغابايت", "1.5 ميغابايت", "48 كيلوبايت".</summary>
public static class MediaSizes
{
    public static string Describe(long bytes)
    {
        const double Kb = 1024, Mb = 1024 * 1024;
        return bytes switch
        {
            >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / Mb:0.#} ميغابايت"),
            >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / Kb:0} كيلوبايت"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} بايت"),
        };
    }
}
