using System.Buffers.Binary;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;

namespace Nashir.Media;

/// <summary>
/// Checks that an image file is whole: its container runs to its end marker with every segment inside the file.
/// ImageSharp decodes truncated files without complaint (the missing part comes out grey), so a half-uploaded
/// photo would otherwise be published; this walks the container (not the compressed data) and refuses it.
/// </summary>
internal static class ImageIntegrity
{
    public static bool IsComplete(ReadOnlySpan<byte> data, IImageFormat format) => format switch
    {
        JpegFormat => JpegIsComplete(data),
        PngFormat => PngIsComplete(data),
        GifFormat => GifIsComplete(data),
        WebpFormat => WebpIsComplete(data),
        _ => false,
    };

    // Segments (marker + big-endian length) until the first scan; scans run to the next marker that is not a
    // stuffed 0xFF00 or a restart marker; progressive files have several scans. Whole when EOI (FFD9) is reached.
    private static bool JpegIsComplete(ReadOnlySpan<byte> d)
    {
        if (d.Length < 4 || d[0] != 0xFF || d[1] != 0xD8)
            return false;
        var pos = 2;
        while (pos < d.Length)
        {
            if (d[pos] != 0xFF)
            {
                pos++; // stray bytes between segments: decoders skip them, and so does this walk
                continue;
            }
            while (pos < d.Length && d[pos] == 0xFF)
                pos++; // fill bytes
            if (pos >= d.Length)
                return false;
            var marker = d[pos++];
            if (marker == 0xD9)
                return true;
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
                continue;
            if (pos + 2 > d.Length)
                return false;
            var length = BinaryPrimitives.ReadUInt16BigEndian(d[pos..]);
            if (length < 2)
                return false;
            pos += length;
            if (pos > d.Length)
                return false;
            if (marker != 0xDA)
                continue;
            // Entropy-coded data of the scan just started.
            while (true)
            {
                if (pos + 1 >= d.Length)
                    return false;
                if (d[pos] == 0xFF && d[pos + 1] != 0x00 && d[pos + 1] is not (>= 0xD0 and <= 0xD7))
                    break;
                pos++;
            }
        }
        return false;
    }

    // Chunks (length, type, data, CRC) after the 8-byte signature, until IEND.
    private static bool PngIsComplete(ReadOnlySpan<byte> d)
    {
        long pos = 8;
        while (pos + 8 <= d.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(d[(int)pos..]);
            var type = d.Slice((int)pos + 4, 4);
            pos += 12L + length;
            if (pos > d.Length)
                return false;
            if (type.SequenceEqual("IEND"u8))
                return true;
        }
        return false;
    }

    // A RIFF container: its declared size must fit in the file, and so must each chunk inside it.
    private static bool WebpIsComplete(ReadOnlySpan<byte> d)
    {
        if (d.Length < 12 || !d[..4].SequenceEqual("RIFF"u8) || !d.Slice(8, 4).SequenceEqual("WEBP"u8))
            return false;
        var end = 8L + BinaryPrimitives.ReadUInt32LittleEndian(d[4..]);
        if (end > d.Length)
            return false;
        long pos = 12;
        var chunks = 0;
        while (pos + 8 <= end)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(d[((int)pos + 4)..]);
            pos += 8L + size + (size & 1);
            if (pos > end + (size & 1))
                return false;
            chunks++;
        }
        return chunks > 0;
    }

    // Header, screen descriptor and colour table, then blocks (extensions, images) of length-prefixed
    // sub-blocks, until the trailer (0x3B).
    private static bool GifIsComplete(ReadOnlySpan<byte> d)
    {
        if (d.Length < 13)
            return false;
        var pos = 13;
        if ((d[10] & 0x80) != 0)
            pos += 3 * (1 << ((d[10] & 0x07) + 1));
        while (pos < d.Length)
        {
            switch (d[pos++])
            {
                case 0x3B:
                    return true;
                case 0x21:
                    pos++; // extension label
                    break;
                case 0x2C:
                    if (pos + 9 > d.Length)
                        return false;
                    var packed = d[pos + 8];
                    pos += 9;
                    if ((packed & 0x80) != 0)
                        pos += 3 * (1 << ((packed & 0x07) + 1));
                    pos++; // LZW minimum code size
                    break;
                default:
                    return false;
            }
            while (true)
            {
                if (pos >= d.Length)
                    return false;
                var size = d[pos++];
                if (size == 0)
                    break;
                pos += size;
            }
        }
        return false;
    }
}
