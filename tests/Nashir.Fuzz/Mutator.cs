using System.Text;

namespace Nashir.Fuzz;

/// <summary>
/// Makes inputs from a corpus the way AFL's "havoc" stage does, without its coverage feedback: a few random edits
/// (bits flipped, bytes set, ranges deleted, repeated or spliced from another seed, tokens of the formats inserted,
/// the end cut off) stacked on one seed. Deterministic for a seed, so a run can be repeated.
/// </summary>
public sealed class Mutator(IReadOnlyList<byte[]> corpus, int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Pieces of the inputs' grammars: XML and feed elements, JSON, form encoding, multipart, hostile text.</summary>
    private static readonly byte[][] Tokens = new[]
    {
        "<", ">", "</", "/>", "<![CDATA[", "]]>", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", "&a;", "&amp;", "&#0;", "&#x10FFFF;",
        "<?xml version=\"1.0\" encoding=\"utf-16\"?>", "<rss version=\"2.0\"><channel>", "<item>", "</item>", "<title>",
        "<description>", "<pubDate>", "<enclosure url=\"x\" type=\"image/jpeg\"/>", "<media:content url=\"\"/>",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">", "<entry>", "<updated>", "<link href=\"\"/>", "xmlns:x=\"\"",
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1e999", "\"\\ud800\"", "\"uri\":", "\"headline\":",
        "\"body_html\":", "\"versioncreated\":", "\"associations\":{", "\"renditions\":", "\"href\":",
        "=", "&", "%", "%00", "%FF", "%D8%", "+", "Name=", "Text=", "Subject=", "Email=", "Website=", "parentId=",
        "--nashir\r\nContent-Disposition: form-data; name=\"Text\"\r\n\r\n", "\r\n--nashir--", "\r\n",
        "\u202E", "\uFEFF", "\u0000", "ـــ", "َّ", "😀", "ﷲ", "<script>alert(1)</script>", "javascript:",
        "9999-99-99T99:99:99Z", "Thu, 31 Dec 9999 23:59:59 +9999", "2147483648", "\uFFFF",
    }.Select(Encoding.UTF8.GetBytes).Concat([[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xFE, 0xFF]]).ToArray();

    private static readonly byte[] Interesting = [(byte)'0', (byte)'9', (byte)'-', 0, 0x7F, 0x80, 0xFF];

    public byte[] Next()
    {
        var data = new List<byte>(corpus[_random.Next(corpus.Count)]);
        var edits = 1 << _random.Next(4); // 1, 2, 4 or 8 edits
        for (var i = 0; i < edits; i++)
            Edit(data);
        return [.. data];
    }

    private void Edit(List<byte> data)
    {
        switch (_random.Next(data.Count == 0 ? 2 : 9))
        {
            case 0:
                data.InsertRange(Position(data, inclusive: true), Tokens[_random.Next(Tokens.Length)]);
                break;
            case 1:
                data.InsertRange(Position(data, inclusive: true), RandomBytes(_random.Next(1, 9)));
                break;
            case 2:
                data[Position(data)] ^= (byte)(1 << _random.Next(8));
                break;
            case 3:
                data[Position(data)] = (byte)_random.Next(256);
                break;
            case 4:
                {
                    var at = Position(data);
                    data.RemoveRange(at, _random.Next(1, Math.Min(64, data.Count - at) + 1));
                    break;
                }
            case 5:
                {
                    var at = Position(data);
                    var piece = data.GetRange(at, _random.Next(1, Math.Min(256, data.Count - at) + 1));
                    for (var n = _random.Next(1, 9); n > 0; n--)
                        data.InsertRange(at, piece);
                    break;
                }
            case 6:
                {
                    var other = corpus[_random.Next(corpus.Count)];
                    if (other.Length == 0)
                        break;
                    var from = _random.Next(other.Length);
                    data.InsertRange(Position(data, inclusive: true), other.AsSpan(from, _random.Next(1, Math.Min(512, other.Length - from) + 1)).ToArray());
                    break;
                }
            case 7:
                {
                    var at = Position(data);
                    data.RemoveRange(at, data.Count - at);
                    break;
                }
            default:
                {
                    // An "interesting" value where a number or a length may be read.
                    var at = Position(data);
                    data[at] = Interesting[_random.Next(Interesting.Length)];
                    break;
                }
        }
    }

    private int Position(List<byte> data, bool inclusive = false) => _random.Next(data.Count + (inclusive ? 1 : 0));

    private byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        _random.NextBytes(bytes);
        return bytes;
    }
}
