using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using AngleSharp.Dom;

namespace Nashir.Tests.Newsroom;

/// <summary>What the newsroom tests do the way a person would: sign in by the form, post a page's buttons, read an authenticator app.</summary>
internal static class NewsroomSteps
{
    /// <summary>A fresh browser signed in through the login form (no two-factor step).</summary>
    public static async Task<HttpClient> SignInAsync(this NashirFactory site, string email, string password)
    {
        var client = site.CreateReader();
        using var response = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", email), ("Password", password));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/newsroom", response.Headers.Location!.OriginalString);
        return client;
    }

    /// <summary>
    /// Posts to a handler whose button the page does not show (the server must refuse it anyway), with the
    /// anti-forgery token a real form on that page carries.
    /// </summary>
    public static async Task<HttpResponseMessage> PostHandlerAsync(this HttpClient client, string pagePath, string action, params (string Name, string Value)[] fields)
    {
        var page = await client.GetDocumentAsync(pagePath);
        var token = page.QuerySelector("form[method=post] input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No anti-forgery token on {pagePath}");
        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        return await client.PostAsync(action, content);
    }

    public static async Task<IDocument> ReadAsync(this HttpResponseMessage response) =>
        Html.Parse(await response.Content.ReadAsStringAsync());

    /// <summary>The code an authenticator app shows now for <paramref name="base32Key"/> (RFC 6238: HMAC-SHA1, 30 s, 6 digits).</summary>
    public static string TotpNow(string base32Key) => Totp(base32Key, DateTimeOffset.UtcNow);

    public static string Totp(string base32Key, DateTimeOffset at)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, at.ToUnixTimeSeconds() / 30);
        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
        var offset = hash[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7FFF_FFFF;
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            if (c is ' ' or '=' or '-')
                continue;
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
                throw new FormatException($"'{c}' is not base32.");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. bytes];
    }
}
