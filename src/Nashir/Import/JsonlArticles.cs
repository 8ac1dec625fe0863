using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Nashir.Import;

/// <summary>A line of the input that could not be imported, said in Arabic and English for the operator.</summary>
public sealed record ImportProblem(long Line, string Message);

/// <summary>
/// Reads JSON Lines articles (<c>id, title, body, category, published, source</c>, as in the test corpus), plain or
/// gzipped (detected by content, not by name), one line at a time: memory stays flat for any file size.
/// A malformed line is reported and skipped; the rest goes on.
/// </summary>
public static class JsonlArticles
{
    public static Stream OpenMaybeGzip(Stream raw)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = raw.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        raw.Position = 0;
        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B ? new GZipStream(raw, CompressionMode.Decompress) : raw;
    }

    /// <summary>Records with the position reached in <paramref name="raw"/> (for progress); problems go to <paramref name="problems"/>.</summary>
    public static async IAsyncEnumerable<(ImportRecord Record, long Position)> ReadAsync(
        Stream raw, TimeZoneInfo zone, Action<ImportProblem> problems, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var reader = new StreamReader(OpenMaybeGzip(raw), new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        long number = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var (record, error) = Parse(line, zone);
            if (record is null)
            {
                problems(new ImportProblem(number, error!));
                continue;
            }
            yield return (record, raw.Position);
        }
    }

    public static (ImportRecord? Record, string? Error) Parse(string line, TimeZoneInfo zone)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return (null, $"ليس JSON صالحًا (not valid JSON: {ex.Message})");
        }
        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object)
                return (null, "السطر ليس كائن JSON (the line is not a JSON object)");
            var root = json.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

            var id = Text("id");
            var title = Text("title");
            var body = Text("body");
            if (string.IsNullOrWhiteSpace(id))
                return (null, "الحقل id مفقود (missing id)");
            if (id.Length > 180)
                return (null, "المعرّف id أطول من 180 حرفًا (id too long)");
            if (string.IsNullOrWhiteSpace(title))
                return (null, $"العنوان title مفقود في {id} (missing title)");
            if (string.IsNullOrWhiteSpace(body))
                return (null, $"النص body مفقود في {id} (missing body)");
            if (!TryDate(Text("published"), zone, out var published))
                return (null, $"تاريخ النشر published غير صالح في {id} (bad or missing date)");
            return (new ImportRecord
            {
                ExternalId = "jsonl:" + id,
                Title = title,
                BodyText = body,
                Category = Text("category"),
                PublishedAtUtc = published,
                Source = Text("source"),
            }, null);
        }
    }

    /// <summary>
    /// A full timestamp is taken as written; a date alone (the corpus keeps no times) becomes noon of that day in the
    /// site's time zone, so the day readers see is the day the source gave in any time zone within ±12 hours.
    /// </summary>
    private static bool TryDate(string? value, TimeZoneInfo zone, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(value))
            return false;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            utc = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(12, 0)), zone);
            return true;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            utc = at.UtcDateTime;
            return true;
        }
        return false;
    }
}
