using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Media;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Nashir.Tests.Media;

/// <summary>Images drawn in the test, so no photograph (and nobody's metadata) is checked in.</summary>
internal static class TestImages
{
    public const string CameraModel = "NashirCam X100";

    public static byte[] Jpeg(int width, int height, ExifProfile? exif = null) =>
        Draw(width, height, new JpegEncoder { Quality = 90 }, image => image.Metadata.ExifProfile = exif);

    /// <summary>A 2000×1200 photo as a phone leaves it: camera model, capture time and the place, in EXIF.</summary>
    public static byte[] PhotoWithCameraAndGps() => Jpeg(2000, 1200, CameraAndGps());

    public static ExifProfile CameraAndGps()
    {
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, "Nashir");
        exif.SetValue(ExifTag.Model, CameraModel);
        exif.SetValue(ExifTag.DateTimeOriginal, "2024:09:30 10:15:00");
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(15, 1), new Rational(21, 1), new Rational(1234, 100)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(44, 1), new Rational(12, 1), new Rational(5678, 100)]);
        return exif;
    }

    public static byte[] Png(int width, int height) => Draw(width, height, new PngEncoder());

    /// <summary>A PNG of one colour: a few kilobytes however many pixels, for pictures of extreme shape.</summary>
    public static byte[] SolidPng(int width, int height)
    {
        using var image = new Image<Rgba32>(width, height, new Rgba32(30, 90, 160));
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder());
        return stream.ToArray();
    }

    public static byte[] Webp(int width, int height) => Draw(width, height, new WebpEncoder { Quality = 90 });

    /// <summary>An animated GIF: its first frame is drawn, the second is plain black.</summary>
    public static byte[] AnimatedGif(int width, int height) => Draw(width, height, new GifEncoder(), image =>
    {
        using var second = new Image<Rgba32>(width, height, new Rgba32(0, 0, 0));
        image.Frames.AddFrame(second.Frames.RootFrame);
    });

    public static byte[] Draw(int width, int height, IImageEncoder encoder, Action<Image<Rgba32>>? configure = null)
    {
        using var image = new Image<Rgba32>(width, height);
        // Gradients and stripes: something to compress and resize, small enough to keep the tests quick.
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = new Rgba32((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)((x / 40 + y / 40) % 2 * 200));
            }
        });
        configure?.Invoke(image);
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    public static bool Contains(byte[] haystack, string ascii) =>
        haystack.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(ascii)) >= 0;
}

/// <summary>Intent methods for media tests: the store as another feature calls it, and the upload form as a browser posts it.</summary>
internal static class MediaTesting
{
    public static readonly ClaimsPrincipal Uploader =
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "uploader-id"), new Claim(ClaimTypes.Name, "uploader@nashir.test")], "test"));

    public static async Task<MediaUploadResult> SaveAsync(
        this NashirFactory site, byte[] bytes, string fileName = "photo.jpg", MediaDetails? details = null, long? declaredLength = null)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<MediaStore>();
        using var content = new MemoryStream(bytes);
        return await store.SaveUploadAsync(content, fileName, declaredLength ?? bytes.Length, details ?? new MediaDetails(null, null, null), Uploader, CancellationToken.None);
    }

    /// <summary>Files under the media folder, relative, with forward slashes.</summary>
    public static IReadOnlyList<string> MediaFiles(this NashirFactory site)
    {
        var root = Path.Combine(site.DataPath, "media");
        return Directory.Exists(root)
            ? [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal)]
            : [];
    }

    public static string MediaFile(this NashirFactory site, string relative) => Path.Combine(site.DataPath, "media", relative);

    public static Task<int> MediaCountAsync(this NashirFactory site) =>
        site.WithDbAsync(db => Task.FromResult(db.Media.Count()));

    /// <summary>Posts the library's upload form as multipart, with the page's anti-forgery token.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(
        this HttpClient client, byte[] bytes, string fileName, string contentType = "image/jpeg",
        string caption = "", string credit = "", string alt = "")
    {
        var page = await client.GetDocumentAsync("/newsroom/media");
        var form = page.QuerySelector("#upload-form") ?? throw new InvalidOperationException("No upload form on /newsroom/media");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(caption), "Caption" },
            { new StringContent(credit), "Credit" },
            { new StringContent(alt), "Alt" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "File", fileName);
        return await client.PostAsync("/newsroom/media", content);
    }
}
