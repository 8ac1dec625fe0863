using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Arabic;
using Nashir.Articles;
using Nashir.Audit;
using Nashir.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Nashir.Media;

/// <summary>What the newsroom says about an image; blank values are stored as none.</summary>
public sealed record MediaDetails(string? Caption, string? Credit, string? Alt);

public enum MediaProblem
{
    None,
    Empty,
    TooLarge,
    NotAnImage,
    Corrupt,
    TooManyPixels,
    TooLong,
    NotSaved,
}

/// <summary>The saved item, or the reason in one Arabic sentence; <see cref="StatusCode"/> is the HTTP answer for it.</summary>
public sealed record MediaUploadResult(MediaItem? Item, MediaProblem Problem, string? Error)
{
    [MemberNotNullWhen(true, nameof(Item))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Item is not null;

    public int StatusCode => Problem switch
    {
        MediaProblem.None => StatusCodes.Status200OK,
        MediaProblem.TooLarge => StatusCodes.Status413PayloadTooLarge,
        MediaProblem.NotSaved => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}

/// <summary>Where an item appears; it may be deleted only when this is empty.</summary>
public sealed record MediaUsage(IReadOnlyList<MediaUsage.ArticleUse> Articles, IReadOnlyList<MediaUsage.AuthorUse> Authors)
{
    public bool IsUsed => Articles.Count > 0 || Authors.Count > 0;

    /// <summary>A published or scheduled article shows it (or will, without anyone looking again).</summary>
    public bool IsUsedByLive => Articles.Any(a => a.Status is ArticleStatus.Published or ArticleStatus.Scheduled);

    public sealed record ArticleUse(int Id, string Headline, ArticleStatus Status, bool AsLeadImage);

    public sealed record AuthorUse(int Id, string Name);
}

/// <summary>
/// The media library's files and rows. An upload is verified by decoding (never by its name), turned upright,
/// stripped of all metadata (EXIF with GPS, IPTC, XMP, ICC) and re-encoded as WebP and JPEG at the standard widths
/// that fit. The original file is not kept: it is the one that carries the metadata.
/// Nothing is half-saved: files are written under temporary names and moved into place, the row is inserted only
/// once every file exists, and a failure anywhere removes what was written.
/// </summary>
public sealed class MediaStore(
    NashirDb db,
    AuditLog audit,
    MediaProcessing processing,
    IOptions<MediaOptions> mediaOptions,
    IOptions<NashirOptions> nashirOptions,
    TimeProvider clock,
    ILogger<MediaStore> logger)
{
    public static readonly IReadOnlyList<int> StandardWidths = [320, 640, 1024, 1600];

    public const int OriginalNameMax = 200;

    private const int Quality = 80;

    /// <summary>
    /// The longest side, in pixels, a saved variant may have: WebP's limit (JPEG's is 65535), so both encoders
    /// the store uses accept every variant. A picture whose variants would be longer is refused before encoding.
    /// </summary>
    public const int MaxVariantSide = 16383;
    private static readonly JpegEncoder Jpeg = new() { Quality = Quality };
    // Method 2 rather than the default 4: ImageSharp's managed WebP encoder is about five times faster there (a
    // 1600-pixel variant in ~0.3 s instead of ~1.5 s on two cores) for files 10–30 % larger, still below the JPEG's.
    private static readonly WebpEncoder Webp = new() { Quality = Quality, FileFormat = WebpFileFormatType.Lossy, Method = WebpEncodingMethod.Level2 };

    public const string NotAnImageMessage = "الملف ليس صورة بصيغة مدعومة (JPEG أو PNG أو WebP أو GIF).";
    public const string CorruptMessage = "تعذر قراءة الصورة: الملف تالف.";
    public const string EmptyMessage = "الملف فارغ. اختر صورة لرفعها.";
    public const string NotSavedMessage = "تعذر حفظ الصورة بسبب خطأ في التخزين. أعد المحاولة بعد قليل.";

    private MediaOptions Options => mediaOptions.Value;

    public string TooLargeMessage => $"الملف أكبر من الحد المسموح ({MediaSizes.Describe(Options.MaxUploadBytes)}).";

    public string TooManyPixelsMessage =>
        string.Create(CultureInfo.InvariantCulture, $"أبعاد الصورة أكبر من الحد المسموح ({Options.MaxPixels / 1_000_000.0:0.#} ميغابكسل).");

    public static readonly string TooLongMessage =
        string.Create(CultureInfo.InvariantCulture, $"الصورة طويلة جداً بالنسبة إلى عرضها: لا يمكن حفظ نسخة منها يزيد أحد جانبيها على {MaxVariantSide} بكسل.");

    /// <summary>The media folder, absolute.</summary>
    public string Root => Path.GetFullPath(nashirOptions.Value.MediaPath);

    /// <summary>Saves a file posted in a form; see the stream overload.</summary>
    public async Task<MediaUploadResult> SaveUploadAsync(IFormFile file, MediaDetails details, ClaimsPrincipal by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        await using var stream = file.OpenReadStream();
        return await SaveUploadAsync(stream, file.FileName, file.Length, details, by, ct);
    }

    /// <summary>
    /// Saves an upload. The row is committed with <c>SaveChanges</c> before this returns, together with anything
    /// else the caller's context is tracking: call it before staging other changes. <paramref name="length"/> is
    /// the size the client declared; the stream is cut off at the limit whatever it says.
    /// </summary>
    public async Task<MediaUploadResult> SaveUploadAsync(
        Stream content, string? fileName, long length, MediaDetails details, ClaimsPrincipal by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(by);
        if (length > Options.MaxUploadBytes)
            return Fail(MediaProblem.TooLarge);
        var bytes = await ReadLimitedAsync(content, length, Options.MaxUploadBytes, ct);
        if (bytes is null)
            return Fail(MediaProblem.TooLarge);
        if (bytes.Length == 0)
            return Fail(MediaProblem.Empty);

        var written = new List<string>();
        MediaItem item;
        await processing.Gate.WaitAsync(ct);
        try
        {
            var (image, format, problem) = await DecodeAsync(bytes, fileName, ct);
            if (image is null)
                return Fail(problem);
            using (image)
            {
                item = new MediaItem
                {
                    Path = NewStem(),
                    ContentType = format!.DefaultMimeType,
                    SizeBytes = bytes.Length,
                    OriginalName = CleanFileName(fileName),
                    Caption = Clean(details.Caption),
                    Credit = Clean(details.Credit),
                    Alt = Clean(details.Alt),
                    CreatedAt = clock.GetUtcNow().UtcDateTime,
                    UploadedById = by.FindFirstValue(ClaimTypes.NameIdentifier),
                };
                await WriteVariantsAsync(image, keepsAlpha: format is not JpegFormat, item, written, ct);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogError(ex, "Writing media files failed; removing {Count} written file(s).", written.Count);
            DeleteFiles(written);
            return Fail(MediaProblem.NotSaved);
        }
        catch
        {
            DeleteFiles(written);
            throw;
        }
        finally
        {
            processing.Gate.Release();
        }

        db.Media.Add(item);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (Exception ex)
        {
            // The row must not be retried by the caller's next SaveChanges without its files.
            db.Entry(item).State = EntityState.Detached;
            DeleteFiles(written);
            if (ex is not DbUpdateException)
                throw;
            logger.LogError(ex, "Saving the media row failed; its files were removed.");
            return Fail(MediaProblem.NotSaved);
        }
        return new MediaUploadResult(item, MediaProblem.None, null);
    }

    /// <summary>Articles that show the item (as lead image or inside the body) and authors whose photo it is.</summary>
    public async Task<MediaUsage> FindUsageAsync(MediaItem item, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        // REVIEW: the body test scans every article's body; fine at newsroom scale and only run on the item's page.
        var address = MediaUrls.Prefix + item.Path;
        var articles = await db.Articles.AsNoTracking()
            .Where(a => a.LeadImageId == item.Id || a.Body.Contains(address))
            .OrderByDescending(a => a.CreatedAt)
            .Select(a => new MediaUsage.ArticleUse(a.Id, a.Headline, a.Status, a.LeadImageId == item.Id))
            .ToListAsync(ct);
        var authors = await db.Authors.AsNoTracking()
            .Where(a => a.PhotoId == item.Id)
            .OrderBy(a => a.Name)
            .Select(a => new MediaUsage.AuthorUse(a.Id, a.Name))
            .ToListAsync(ct);
        return new MediaUsage(articles, authors);
    }

    /// <summary>Sets the item's words (already validated and cleaned) and the audit entry, in one SaveChanges.</summary>
    public async Task UpdateDetailsAsync(MediaItem item, MediaDetails details, ClaimsPrincipal by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(details);
        item.Caption = details.Caption;
        item.Credit = details.Credit;
        item.Alt = details.Alt;
        audit.Record(by, AuditActions.MediaEdited, "media", item.Id.ToString(CultureInfo.InvariantCulture), item.OriginalName ?? item.Path);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Deletes an unused item: its row and the audit entry in one SaveChanges, then its files. Returns the usage
    /// instead, and deletes nothing, when something still shows it.
    /// </summary>
    public async Task<MediaUsage> DeleteAsync(MediaItem item, ClaimsPrincipal by, CancellationToken ct)
    {
        var usage = await FindUsageAsync(item, ct);
        if (usage.IsUsed)
            return usage;
        db.Media.Remove(item);
        audit.Record(by, AuditActions.MediaDeleted, "media", item.Id.ToString(CultureInfo.InvariantCulture), item.OriginalName ?? item.Path);
        await db.SaveChangesAsync(ct);
        // After the commit: a file left behind is only disk space, a row without its files would be a broken image.
        DeleteFiles(MediaUrls.Files(item.Path, item.Variants).Select(FullPath).OfType<string>());
        return usage;
    }

    /// <summary>The variant widths for an image <paramref name="width"/> pixels wide: the standard widths that fit, or the width itself when it is narrower than all of them.</summary>
    public static IReadOnlyList<int> PlanWidths(int width)
    {
        var widths = StandardWidths.Where(w => w <= width).ToList();
        return widths.Count > 0 ? widths : [width];
    }

    /// <summary>Whether every variant of an upright <paramref name="width"/>×<paramref name="height"/> picture fits <see cref="MaxVariantSide"/>.</summary>
    public static bool VariantsFitEncoders(int width, int height) =>
        PlanWidths(width).All(w => w <= MaxVariantSide && VariantHeight(width, height, w) <= MaxVariantSide);

    private static int VariantHeight(int width, int height, int variantWidth) =>
        variantWidth == width ? height : Math.Max(1, (int)Math.Round(height * (double)variantWidth / width));

    /// <summary>A file under the media folder, or null when the relative path would leave it.</summary>
    public string? FullPath(string relative)
    {
        var root = Root;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    private async Task<(Image<Rgba32>? Image, IImageFormat? Format, MediaProblem Problem)> DecodeAsync(
        byte[] bytes, string? fileName, CancellationToken ct)
    {
        var config = processing.Configuration;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(MediaProcessing.DecodeTimeout);
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var format = Image.DetectFormat(config, stream);
            if (format is null)
                return (null, null, MediaProblem.NotAnImage);
            if (!ImageIntegrity.IsComplete(bytes, format))
                return (null, format, MediaProblem.Corrupt);
            stream.Position = 0;
            var info = await Image.IdentifyAsync(config, stream, timeout.Token);
            if (info is null)
                return (null, format, MediaProblem.NotAnImage);
            if (info.Width < 1 || info.Height < 1)
                return (null, format, MediaProblem.Corrupt);
            if ((long)info.Width * info.Height > Options.MaxPixels)
                return (null, format, MediaProblem.TooManyPixels);
            stream.Position = 0;
            var image = await Image.LoadAsync<Rgba32>(config, stream, timeout.Token);
            try
            {
                // Turned upright here, so the side check below sees the picture as its variants will be.
                image.Mutate(x => x.AutoOrient());
            }
            catch
            {
                image.Dispose();
                throw;
            }
            if (!VariantsFitEncoders(image.Width, image.Height))
            {
                image.Dispose();
                return (null, format, MediaProblem.TooLong);
            }
            return (image, format, MediaProblem.None);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Decoding {FileName} took longer than {Timeout}; refused.", fileName, MediaProcessing.DecodeTimeout);
            return (null, null, MediaProblem.Corrupt);
        }
        catch (InvalidMemoryOperationException ex)
        {
            logger.LogWarning(ex, "Decoding {FileName} needed more memory than allowed; refused.", fileName);
            return (null, null, MediaProblem.TooManyPixels);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Any decoder exception means the file is not the image it claims to be; the type is kept in the log.
            logger.LogInformation(ex, "Decoding {FileName} failed; refused as corrupt.", fileName);
            return (null, null, MediaProblem.Corrupt);
        }
    }

    private async Task WriteVariantsAsync(Image<Rgba32> image, bool keepsAlpha, MediaItem item, List<string> written, CancellationToken ct)
    {
        // Additional frames (animated WebP) are dropped like the GIF decoder drops them: the site shows stills.
        while (image.Frames.Count > 1)
            image.Frames.RemoveFrame(image.Frames.Count - 1);
        StripMetadata(image);

        var folder = Path.GetDirectoryName(FullPath(item.Path))!;
        Directory.CreateDirectory(folder);
        var widths = PlanWidths(image.Width);
        foreach (var width in widths)
        {
            var height = VariantHeight(image.Width, image.Height, width);
            using var variant = width == image.Width ? image.Clone() : image.Clone(x => x.Resize(width, height));
            await WriteFileAsync(variant, MediaUrls.VariantFile(item.Path, width, MediaFormat.Webp), Webp, written, ct);
            // JPEG has no transparency: transparent pixels would come out in whatever colour they hide.
            if (keepsAlpha)
                variant.Mutate(x => x.BackgroundColor(Color.White));
            await WriteFileAsync(variant, MediaUrls.VariantFile(item.Path, width, MediaFormat.Jpeg), Jpeg, written, ct);
            (item.Width, item.Height) = (width, height);
        }
        item.Variants = MediaUrls.FormatVariants(widths);
    }

    private async Task WriteFileAsync(Image image, string relative, IImageEncoder encoder, List<string> written, CancellationToken ct)
    {
        var target = FullPath(relative) ?? throw new InvalidOperationException($"Media path {relative} leaves the media folder.");
        var temp = target + ".part";
        written.Add(temp);
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await image.SaveAsync(file, encoder, ct);
        }
        written.Add(target);
        File.Move(temp, target);
    }

    private static void StripMetadata(Image image)
    {
        image.Metadata.ExifProfile = null;
        image.Metadata.IptcProfile = null;
        image.Metadata.XmpProfile = null;
        image.Metadata.IccProfile = null;
        foreach (var frame in image.Frames)
        {
            frame.Metadata.ExifProfile = null;
            frame.Metadata.IptcProfile = null;
            frame.Metadata.XmpProfile = null;
            frame.Metadata.IccProfile = null;
        }
    }

    private void DeleteFiles(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Could not delete media file {File}.", file);
            }
        }
    }

    // yyyy/MM/<16 hex digits>: random, so addresses can be neither guessed nor enumerated, and never collide in practice.
    private string NewStem()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return string.Create(CultureInfo.InvariantCulture, $"{now:yyyy}/{now:MM}/{id}");
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream content, long declared, long max, CancellationToken ct)
    {
        using var buffer = new MemoryStream(declared > 0 ? (int)Math.Min(declared, max) : 0);
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string? Clean(string? text) =>
        text is null ? null : ArabicText.CleanUserLine(text) is { Length: > 0 } clean ? clean : null;

    // Browsers send a bare name; old ones sent a whole Windows path.
    private static string? CleanFileName(string? fileName)
    {
        if (fileName is null)
            return null;
        var name = Clean(fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..]);
        return name is { Length: > OriginalNameMax } ? name[..OriginalNameMax] : name;
    }

    private MediaUploadResult Fail(MediaProblem problem) => new(null, problem, problem switch
    {
        MediaProblem.Empty => EmptyMessage,
        MediaProblem.TooLarge => TooLargeMessage,
        MediaProblem.NotAnImage => NotAnImageMessage,
        MediaProblem.TooManyPixels => TooManyPixelsMessage,
        MediaProblem.TooLong => TooLongMessage,
        MediaProblem.NotSaved => NotSavedMessage,
        _ => CorruptMessage,
    });
}
