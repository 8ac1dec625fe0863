using Nashir.Media;

namespace Nashir.Tests.Media;

public sealed class MediaUrlsTests
{
    private const string Stem = "2024/10/0123456789abcdef";

    [Theory]
    [InlineData(100, "/media/2024/10/0123456789abcdef-320.jpg")]
    [InlineData(640, "/media/2024/10/0123456789abcdef-640.jpg")]
    [InlineData(700, "/media/2024/10/0123456789abcdef-1024.jpg")]
    [InlineData(5000, "/media/2024/10/0123456789abcdef-1600.jpg")]
    public void Src_is_the_smallest_variant_at_least_as_wide_else_the_largest(int width, string expected) =>
        Assert.Equal(expected, MediaUrls.Src(Stem, "320,640,1024,1600", width));

    [Fact]
    public void Srcset_lists_every_variant_with_its_width()
    {
        Assert.Equal(
            "/media/2024/10/0123456789abcdef-320.webp 320w, /media/2024/10/0123456789abcdef-640.webp 640w",
            MediaUrls.SrcSet(Stem, "640,320", MediaFormat.Webp));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Single_file_item_is_served_as_it_is(string? variants)
    {
        Assert.Equal("/media/demo/flags.svg", MediaUrls.Src("demo/flags.svg", variants, 320));
        Assert.Equal("", MediaUrls.SrcSet("demo/flags.svg", variants));
        Assert.Equal(["demo/flags.svg"], MediaUrls.Files("demo/flags.svg", variants));
    }

    [Fact]
    public void Path_segments_are_escaped_so_srcset_stays_parseable() =>
        Assert.Equal("/media/demo/%D8%B5%D9%88%D8%B1%D8%A9%2C%201.svg", MediaUrls.Src("demo/صورة, 1.svg", null));

    [Fact]
    public void Files_of_an_upload_are_both_formats_at_every_width() =>
        Assert.Equal(
            [$"{Stem}-320.webp", $"{Stem}-320.jpg", $"{Stem}-640.webp", $"{Stem}-640.jpg"],
            MediaUrls.Files(Stem, "320,640"));

    [Theory]
    [InlineData(15L * 1024 * 1024, "15 ميغابايت")]
    [InlineData(1536L * 1024, "1.5 ميغابايت")]
    [InlineData(48 * 1024, "48 كيلوبايت")]
    [InlineData(900, "900 بايت")]
    public void Sizes_read_as_the_newsroom_says_them(long bytes, string expected) =>
        Assert.Equal(expected, MediaSizes.Describe(bytes));
}
