namespace Nashir.Media;

/// <summary>
/// What the <c>_Picture</c> partial draws: an image with its responsive variants. <see cref="Width"/> and
/// <see cref="Height"/> give the browser the aspect ratio before the file arrives (no layout shift).
/// <see cref="Eager"/> is for the one image at the top of a page: loaded at once, at high priority; every other
/// image is lazy.
/// </summary>
public sealed record Picture(string Path, string? Variants, int Width, int Height, string? Alt, string Sizes, bool Eager = false)
{
    public bool HasVariants => MediaUrls.Widths(Variants).Count > 0;

    public static Picture For(MediaItem item, string? alt, string sizes, bool eager = false) =>
        new(item.Path, item.Variants, item.Width, item.Height, alt ?? item.Alt, sizes, eager);
}

/// <summary>
/// <c>sizes</c> values for the reader site's image slots, following site.css: the page column is at most
/// 72rem with 1rem padding; cards run one, two, then three columns (four in "آخر الأخبار"); the story column
/// is about 70 characters wide.
/// </summary>
public static class PictureSizes
{
    public const string Card = "(min-width: 64rem) 23rem, (min-width: 40rem) 50vw, 100vw";
    public const string Lead = "(min-width: 72rem) 70rem, 100vw";
    public const string Story = "(min-width: 48rem) 44rem, 100vw";
}
