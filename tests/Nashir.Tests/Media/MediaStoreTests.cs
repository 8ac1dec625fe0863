using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Media;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace Nashir.Tests.Media;

/// <summary>The store as the upload page and the article editor call it: what is saved, and what is refused.</summary>
public sealed class MediaStoreTests
{
    [Fact]
    public async Task Photo_is_saved_at_every_standard_width_in_webp_and_jpeg_without_its_camera_and_gps_metadata()
    {
        using var site = new NashirFactory();
        var photo = TestImages.PhotoWithCameraAndGps();
        Assert.True(TestImages.Contains(photo, TestImages.CameraModel)); // the input does carry it

        var result = await site.SaveAsync(photo, "IMG_0001.JPG", new MediaDetails("  مظاهرة في صنعاء ", "رويترز", "حشد في ساحة"));

        Assert.True(result.Succeeded, result.Error);
        var item = result.Item;
        Assert.Equal("320,640,1024,1600", item.Variants);
        Assert.Equal((1600, 960), (item.Width, item.Height));
        Assert.Matches("^2024/10/[0-9a-f]{16}$", item.Path);
        Assert.Equal("image/jpeg", item.ContentType);
        Assert.Equal(photo.Length, item.SizeBytes);
        Assert.Equal("IMG_0001.JPG", item.OriginalName);
        Assert.Equal("مظاهرة في صنعاء", item.Caption);
        Assert.Equal("uploader-id", item.UploadedById);

        foreach (var width in new[] { 320, 640, 1024, 1600 })
        {
            foreach (var (extension, format) in new (string, SixLabors.ImageSharp.Formats.IImageFormat)[] { ("webp", WebpFormat.Instance), ("jpg", JpegFormat.Instance) })
            {
                var bytes = await File.ReadAllBytesAsync(site.MediaFile($"{item.Path}-{width}.{extension}"));
                Assert.Same(format, Image.DetectFormat(bytes));
                using var image = Image.Load(bytes);
                Assert.Equal(width, image.Width);
                Assert.Equal(width * 1200 / 2000, image.Height);
                Assert.Null(image.Metadata.ExifProfile);
                Assert.Null(image.Metadata.XmpProfile);
                Assert.Null(image.Metadata.IptcProfile);
                Assert.False(TestImages.Contains(bytes, "Exif"), $"{width}.{extension} has an EXIF block");
                Assert.False(TestImages.Contains(bytes, TestImages.CameraModel), $"{width}.{extension} names the camera");
            }
        }
        Assert.Equal(8, site.MediaFiles().Count); // no original, no temporary files left behind
        Assert.Equal(1, await site.MediaCountAsync());
    }

    [Fact]
    public async Task Small_png_is_kept_at_its_own_width_only()
    {
        using var site = new NashirFactory();

        var result = await site.SaveAsync(TestImages.Png(200, 100), "logo.png");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("200", result.Item.Variants);
        Assert.Equal((200, 100), (result.Item.Width, result.Item.Height));
        Assert.Equal("image/png", result.Item.ContentType);
        Assert.Equal([$"{result.Item.Path}-200.jpg", $"{result.Item.Path}-200.webp"], site.MediaFiles());
        using var image = Image.Load(site.MediaFile($"{result.Item.Path}-200.jpg"));
        Assert.Equal((200, 100), (image.Width, image.Height));
    }

    [Fact]
    public async Task Webp_upload_is_accepted()
    {
        using var site = new NashirFactory();

        var result = await site.SaveAsync(TestImages.Webp(700, 400), "chart.webp");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("320,640", result.Item.Variants);
        Assert.Equal("image/webp", result.Item.ContentType);
        Assert.Equal(4, site.MediaFiles().Count);
    }

    [Fact]
    public async Task Animated_gif_is_accepted_as_its_first_frame()
    {
        using var site = new NashirFactory();

        var result = await site.SaveAsync(TestImages.AnimatedGif(700, 400), "animation.gif");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("320,640", result.Item.Variants);
        Assert.Equal("image/gif", result.Item.ContentType);
        // The first frame is drawn (colours), the second is black: the saved still is the first.
        using var image = Image.Load<SixLabors.ImageSharp.PixelFormats.Rgba32>(site.MediaFile($"{result.Item.Path}-640.jpg"));
        Assert.Equal(1, image.Frames.Count);
        Assert.True(image[600, 300].R > 100, "the saved still is not the first frame");
    }

    [Fact]
    public async Task Photo_taken_sideways_is_saved_upright()
    {
        using var site = new NashirFactory();
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)6); // stored landscape, shown rotated 90° clockwise

        var result = await site.SaveAsync(TestImages.Jpeg(400, 200, exif), "sideways.jpg");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("200", result.Item.Variants);
        Assert.Equal((200, 400), (result.Item.Width, result.Item.Height));
    }

    [Fact]
    public async Task Text_file_named_like_a_photo_is_refused_and_nothing_is_saved()
    {
        using var site = new NashirFactory();

        var result = await site.SaveAsync("هذا ليس صورة، بل نص عادي."u8.ToArray(), "photo.jpg");

        Assert.False(result.Succeeded);
        Assert.Equal(MediaProblem.NotAnImage, result.Problem);
        Assert.Equal("الملف ليس صورة بصيغة مدعومة (JPEG أو PNG أو WebP أو GIF).", result.Error);
        Assert.Empty(site.MediaFiles());
        Assert.Equal(0, await site.MediaCountAsync());
    }

    [Fact]
    public async Task Bitmap_is_refused_as_an_unsupported_format()
    {
        using var site = new NashirFactory();

        var result = await site.SaveAsync(TestImages.Draw(50, 50, new SixLabors.ImageSharp.Formats.Bmp.BmpEncoder()), "scan.bmp");

        Assert.Equal(MediaProblem.NotAnImage, result.Problem);
        Assert.Empty(site.MediaFiles());
    }

    [Fact]
    public async Task Truncated_jpeg_is_refused_as_corrupt_and_nothing_is_saved()
    {
        using var site = new NashirFactory();
        var photo = TestImages.PhotoWithCameraAndGps();

        var result = await site.SaveAsync(photo[..2048], "cut.jpg");

        Assert.False(result.Succeeded);
        Assert.Equal(MediaProblem.Corrupt, result.Problem);
        Assert.Equal("تعذر قراءة الصورة: الملف تالف.", result.Error);
        Assert.Empty(site.MediaFiles());
        Assert.Equal(0, await site.MediaCountAsync());
    }

    [Theory]
    [InlineData("png")]
    [InlineData("webp")]
    [InlineData("gif")]
    public async Task Half_uploaded_image_is_refused_as_corrupt(string format)
    {
        using var site = new NashirFactory();
        var whole = format switch
        {
            "png" => TestImages.Png(800, 600),
            "webp" => TestImages.Webp(800, 600),
            _ => TestImages.Draw(800, 600, new GifEncoder()),
        };

        var result = await site.SaveAsync(whole[..(whole.Length / 2)], "half." + format);

        Assert.Equal(MediaProblem.Corrupt, result.Problem);
        Assert.Empty(site.MediaFiles());
    }

    [Fact]
    public async Task File_over_the_configured_size_is_refused_with_the_limit_in_the_message()
    {
        using var site = new NashirFactory().With("Nashir:Media:MaxUploadBytes", "10240");
        var photo = TestImages.PhotoWithCameraAndGps();

        var result = await site.SaveAsync(photo);

        Assert.Equal(MediaProblem.TooLarge, result.Problem);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, result.StatusCode);
        Assert.Equal("الملف أكبر من الحد المسموح (10 كيلوبايت).", result.Error);
        Assert.Empty(site.MediaFiles());
    }

    [Fact]
    public async Task Stream_longer_than_its_declared_length_is_cut_off_at_the_limit()
    {
        using var site = new NashirFactory().With("Nashir:Media:MaxUploadBytes", "10240");

        var result = await site.SaveAsync(TestImages.PhotoWithCameraAndGps(), declaredLength: 100);

        Assert.Equal(MediaProblem.TooLarge, result.Problem);
        Assert.Equal(0, await site.MediaCountAsync());
    }

    [Fact]
    public async Task Image_with_more_pixels_than_allowed_is_refused_before_decoding()
    {
        using var site = new NashirFactory().With("Nashir:Media:MaxPixels", "1000000");

        var result = await site.SaveAsync(TestImages.PhotoWithCameraAndGps());

        Assert.Equal(MediaProblem.TooManyPixels, result.Problem);
        Assert.Equal("أبعاد الصورة أكبر من الحد المسموح (1 ميغابكسل).", result.Error);
        Assert.Empty(site.MediaFiles());
    }

    [Fact]
    public async Task Default_upload_limit_is_fifteen_megabytes()
    {
        using var site = new NashirFactory();
        await using var scope = site.Services.CreateAsyncScope();

        var store = scope.ServiceProvider.GetRequiredService<MediaStore>();

        Assert.Equal("الملف أكبر من الحد المسموح (15 ميغابايت).", store.TooLargeMessage);
    }

    [Theory]
    [InlineData(2000, new[] { 320, 640, 1024, 1600 })]
    [InlineData(1600, new[] { 320, 640, 1024, 1600 })]
    [InlineData(1500, new[] { 320, 640, 1024 })]
    [InlineData(320, new[] { 320 })]
    [InlineData(200, new[] { 200 })]
    public void Widths_are_the_standard_ones_that_fit_or_the_image_own(int width, int[] expected) =>
        Assert.Equal(expected, MediaStore.PlanWidths(width));
}
