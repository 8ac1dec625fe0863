using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Nashir.Accounts;
using Nashir.Tests.Media;

namespace Nashir.Tests.Security;

/// <summary>
/// What an attacker sends to the two places that take a picture, the media library and the article editor's lead
/// image: broken multipart bodies, files that are not pictures, and pictures whose headers promise billions of
/// pixels. Each is refused with a 4xx and an Arabic sentence, never a 500, and nothing is saved.
/// </summary>
public sealed partial class UploadAbuseTests(UploadAbuseTests.Site site) : IClassFixture<UploadAbuseTests.Site>
{
    public sealed class Site() : NashirFactory()
    {
        private HttpClient? _editor;

        public async Task<HttpClient> EditorAsync() => _editor ??= await SignInAsync(Roles.Editor);
    }

    /// <summary>Where a picture is posted: the page, its form, the file field and where the page puts the field's error.</summary>
    public sealed record Target(string Path, string Form, string FileField, string ErrorSelector, (string Name, string Value)[] Fields);

    private static readonly Dictionary<string, Target> Targets = new(StringComparer.Ordinal)
    {
        ["library"] = new("/newsroom/media", "#upload-form", "File", "#file-error", [("Caption", "صورة"), ("Alt", "صورة")]),
        ["editor"] = new("/newsroom/articles/new", "#article-form", "LeadImageUpload", "#lead-upload ~ .field-error",
            [("Headline", "خبر بصورة مرفوعة"), ("Body", "<p>نص الخبر.</p>"), ("action", "save")]),
    };

    private const string Boundary = "nashir-upload-boundary";

    /// <summary>A hostile request body for a target, given the page's anti-forgery token.</summary>
    private delegate HttpContent Hostile(Target target, string token);

    private static readonly Dictionary<string, Hostile> Requests = new(StringComparer.Ordinal)
    {
        ["zero-byte file"] = (t, token) => Multipart(t, token, [], "empty.png", "image/png"),
        ["text file named photo.jpg"] = (t, token) => Multipart(t, token, "ليست صورة، مجرد نص."u8.ToArray(), "photo.jpg", "image/jpeg"),
        ["svg with a script"] = (t, token) => Multipart(t, token,
            """<svg xmlns="http://www.w3.org/2000/svg" onload="__xss(1)"><script>__xss(2)</script></svg>"""u8.ToArray(), "logo.svg", "image/svg+xml"),
        ["html behind a gif signature"] = (t, token) => Multipart(t, token, "GIF89a<html><script>__xss(1)</script></html>"u8.ToArray(), "x.gif", "image/gif"),
        ["html file named photo.png"] = (t, token) => Multipart(t, token, "<!doctype html><script>__xss(1)</script>"u8.ToArray(), "photo.png", "image/png"),
        ["png 100×70000"] = (t, token) => Multipart(t, token, TestImages.SolidPng(100, 70_000), "tall.png", "image/png"),
        ["png bomb 50000×50000"] = (t, token) => Multipart(t, token, PngBomb(50_000, 50_000), "bomb.png", "image/png"),
        ["jpeg whose header says 65000×65000"] = (t, token) => Multipart(t, token, JpegClaiming(65_000, 65_000), "huge.jpg", "image/jpeg"),
        ["gif screen 65535×65535"] = (t, token) => Multipart(t, token, Gif(65_535, 65_535, frames: 1), "screen.gif", "image/gif"),
        ["webp canvas 16383×16383"] = (t, token) => Multipart(t, token, WebpCanvas(16_383, 16_383), "canvas.webp", "image/webp"),
        ["truncated multipart body"] = (t, token) => Raw(MultipartBytes(t, token, TestImages.Png(64, 48), "cut.png", "image/png", close: false)[..^40]),
        ["multipart without a boundary"] = (t, token) => Raw(MultipartBytes(t, token, TestImages.Png(64, 48), "a.png", "image/png"), "multipart/form-data"),
        ["multipart with another boundary"] = (t, token) => Raw(MultipartBytes(t, token, TestImages.Png(64, 48), "a.png", "image/png"), "multipart/form-data; boundary=not-the-one-used"),
        ["boundary of 200 characters"] = (t, token) => Raw(MultipartBytes(t, token, TestImages.Png(64, 48), "a.png", "image/png", boundary: new string('b', 200)),
            "multipart/form-data; boundary=" + new string('b', 200)),
        ["part header of 40 KB"] = (t, token) => Raw(MultipartBytes(t, token, TestImages.Png(64, 48), "a.png", "image/png", extraHeaders: ["X-Pad: " + new string('a', 40_000)])),
        ["part with 40 headers"] = (t, token) => Raw(MultipartBytes(t, token, TestImages.Png(64, 48), "a.png", "image/png",
            extraHeaders: [.. Enumerable.Range(1, 40).Select(i => $"X-Header-{i}: {i}")])),
        ["json instead of a form"] = (t, token) => Raw("""{"File":"iVBORw0KGgo="}"""u8.ToArray(), "application/json"),
        ["multipart declared in utf-7"] = (t, token) => Raw(MultipartBytes(t, token, TestImages.Png(64, 48), "a.png", "image/png"),
            $"multipart/form-data; boundary={Boundary}; charset=utf-7"),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in Targets.Keys)
        {
            foreach (var request in Requests.Keys)
                data.Add(target, request);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_upload_is_refused_in_arabic_and_nothing_is_saved(string targetName, string requestName)
    {
        var target = Targets[targetName];
        var client = await site.EditorAsync();
        var token = (await client.GetDocumentAsync(target.Path)).QuerySelector($"{target.Form} input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = await CountsAsync();

        using var content = Requests[requestName](target, token);
        using var response = await client.PostAsync(target.Path, content, TestContext.Current.CancellationToken);

        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{targetName}, {requestName}: answered {status}");
        var page = Html.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var fieldError = page.QuerySelector(target.ErrorSelector)?.Text() ?? "";
        var heading = page.QuerySelector("h1")?.Text() ?? "";
        var explained = ArabicLetter().IsMatch(fieldError) || (page.QuerySelector(target.Form) is null && ArabicLetter().IsMatch(heading));
        Assert.True(explained, $"{targetName}, {requestName}: {status} without an Arabic explanation (field error \"{fieldError}\", heading \"{heading}\")");
        Assert.Equal(before, await CountsAsync());
        Assert.Empty(site.MediaFiles());
    }

    [Theory]
    [InlineData("library")]
    [InlineData("editor")]
    public async Task Jpeg_with_a_page_after_its_end_is_kept_only_as_the_picture(string targetName)
    {
        var target = Targets[targetName];
        using var own = new NashirFactory();
        var client = await own.SignInAsync(Roles.Editor);
        var token = (await client.GetDocumentAsync(target.Path)).QuerySelector($"{target.Form} input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        byte[] polyglot = [.. TestImages.Jpeg(120, 80), .. "<html><body><script>__xss(1)</script></body></html>"u8];

        using var response = await client.PostAsync(target.Path, Multipart(target, token, polyglot, "polyglot.jpg", "image/jpeg"), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        // Re-encoded from the pixels: whatever rode along after the picture's end is in no saved file.
        var files = own.MediaFiles();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.False(TestImages.Contains(File.ReadAllBytes(own.MediaFile(f)), "<script"), $"{f} keeps the script"));
    }

    [Fact]
    public async Task Gif_of_a_hundred_thousand_frames_is_kept_as_its_first_frame()
    {
        using var own = new NashirFactory();
        var client = await own.SignInAsync(Roles.Editor);

        using var response = await client.UploadAsync(Gif(1, 1, frames: 100_000), "frames.gif", "image/gif");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var item = await own.WithDbAsync(db => Task.FromResult(db.Media.Single()));
        Assert.Equal((1, 1), (item.Width, item.Height));
    }

    private Task<(int Media, int Articles)> CountsAsync() =>
        site.WithDbAsync(db => Task.FromResult((db.Media.Count(), db.Articles.Count())));

    private static MultipartFormDataContent Multipart(Target target, string token, byte[] file, string fileName, string contentType)
    {
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, value) in target.Fields)
            content.Add(new StringContent(value), name);
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(part, target.FileField, fileName);
        return content;
    }

    private static byte[] MultipartBytes(Target target, string token, byte[] file, string fileName, string contentType,
        bool close = true, string boundary = Boundary, string[]? extraHeaders = null)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n{token}\r\n");
        foreach (var (name, value) in target.Fields)
            text.Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        text.Append(CultureInfo.InvariantCulture, $"--{boundary}\r\nContent-Disposition: form-data; name=\"{target.FileField}\"; filename=\"{fileName}\"\r\nContent-Type: {contentType}\r\n");
        foreach (var header in extraHeaders ?? [])
            text.Append(header).Append("\r\n");
        text.Append("\r\n");
        byte[] body = [.. Encoding.UTF8.GetBytes(text.ToString()), .. file];
        return close ? [.. body, .. Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n")] : body;
    }

    private static ByteArrayContent Raw(byte[] body, string contentType = $"multipart/form-data; boundary={Boundary}")
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>A PNG of a few kilobytes whose header says width×height (one bit per pixel): the first rows only, then IEND.</summary>
    private static byte[] PngBomb(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 1; // bit depth
        header[9] = 0; // greyscale
        Chunk(png, "IHDR", header);
        using var data = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + ((width + 7) / 8)];
            for (var y = 0; y < 64; y++)
                zlib.Write(row);
        }
        Chunk(png, "IDAT", data.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();

        static void Chunk(Stream to, string type, byte[] body)
        {
            Span<byte> four = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(four, body.Length);
            to.Write(four);
            byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. body];
            to.Write(typed);
            BinaryPrimitives.WriteUInt32BigEndian(four, Crc32(typed));
            to.Write(four);
        }
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A small real JPEG with the frame header's size changed to width×height.</summary>
    private static byte[] JpegClaiming(int width, int height)
    {
        var jpeg = TestImages.Jpeg(16, 16);
        for (var i = 2; i < jpeg.Length - 9; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), (ushort)width);
                return jpeg;
            }
        }
        throw new InvalidOperationException("No frame header in the test JPEG.");
    }

    /// <summary>A GIF89a of the given logical screen holding <paramref name="frames"/> one-pixel frames.</summary>
    private static byte[] Gif(int width, int height, int frames)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        Span<byte> two = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(two, (ushort)width);
        gif.Write(two);
        BinaryPrimitives.WriteUInt16LittleEndian(two, (ushort)height);
        gif.Write(two);
        gif.Write([0x80, 0x00, 0x00]); // a global colour table of two entries
        gif.Write([0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF]);
        for (var i = 0; i < frames; i++)
            gif.Write([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00]);
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>A WebP that is only its extended header (VP8X), announcing a canvas of width×height.</summary>
    private static byte[] WebpCanvas(int width, int height)
    {
        var vp8x = new byte[10];
        WriteUInt24(vp8x.AsSpan(4), width - 1);
        WriteUInt24(vp8x.AsSpan(7), height - 1);
        byte[] chunk = [.. "VP8X"u8, 10, 0, 0, 0, .. vp8x];
        byte[] riff = [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBP"u8, .. chunk];
        BinaryPrimitives.WriteInt32LittleEndian(riff.AsSpan(4), riff.Length - 8);
        return riff;

        static void WriteUInt24(Span<byte> to, int value)
        {
            to[0] = (byte)value;
            to[1] = (byte)(value >> 8);
            to[2] = (byte)(value >> 16);
        }
    }

    [GeneratedRegex("\\p{IsArabic}")]
    private static partial Regex ArabicLetter();
}
