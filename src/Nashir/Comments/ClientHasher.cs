using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Nashir.Comments;

/// <summary>
/// Turns a client address into a keyed hash (HMAC-SHA256), so rate limits, bans and reports work
/// without ever storing the address.
/// </summary>
public sealed class ClientHasher
{
    private readonly byte[] _key;

    public ClientHasher(IOptions<CommentOptions> comments, IOptions<NashirOptions> nashir)
    {
        _key = comments.Value.HashKey is { Length: > 0 } configured
            ? Encoding.UTF8.GetBytes(configured)
            : LoadOrCreateKey(Path.Combine(nashir.Value.DataPath, "keys", "comment-hash.key"));
    }

    public string Hash(string? clientAddress) =>
        Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(clientAddress ?? "unknown")));

    private static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path))
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            // CreateNew: if another process won the race, use its key rather than overwrite it.
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
