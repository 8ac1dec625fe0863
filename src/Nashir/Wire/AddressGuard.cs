using System.Net;
using System.Net.Sockets;

namespace Nashir.Wire;

/// <summary>
/// Which addresses the wire fetcher may connect to: public unicast only. Checked on the address the socket
/// actually connects to, so a name that resolves (or re-resolves) to an internal address is refused too.
/// </summary>
public static class AddressGuard
{
    /// <summary>True for addresses a feed must not reach: private, loopback, link-local, unique-local, unspecified, multicast, reserved.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
            return IsForbiddenV4(address.MapToIPv4());
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsForbiddenV4(address),
            AddressFamily.InterNetworkV6 => IsForbiddenV6(address),
            _ => true,
        };
    }

    private static bool IsForbiddenV4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b[0] switch
        {
            0 => true,                                  // "this network", 0.0.0.0
            10 => true,                                 // private
            127 => true,                                // loopback
            100 when (b[1] & 0xC0) == 64 => true,       // 100.64/10 carrier-grade NAT
            169 when b[1] == 254 => true,               // link-local, cloud metadata (169.254.169.254)
            172 when (b[1] & 0xF0) == 16 => true,       // 172.16/12 private
            192 when b[1] == 168 => true,               // private
            192 when b[1] == 0 && b[2] == 0 => true,    // IETF protocol assignments
            198 when (b[1] & 0xFE) == 18 => true,       // 198.18/15 benchmarking
            >= 224 => true,                             // multicast, reserved, broadcast
            _ => false,
        };
    }

    private static bool IsForbiddenV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback))
            return true;
        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
            return true;
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        // NAT64 (64:ff9b::/96) and IPv4-compatible (::/96) addresses carry an IPv4 address that decides.
        if (b[..12].SequenceEqual(Nat64Prefix) || b[..12].IndexOfAnyExcept((byte)0) < 0)
            return IsForbiddenV4(new IPAddress(b[12..]));
        // 6to4 (2002::/16) embeds an IPv4 address in bytes 2-5.
        if (b[0] == 0x20 && b[1] == 0x02)
            return IsForbiddenV4(new IPAddress(b[2..6]));
        // Only global unicast (2000::/3) is public.
        return (b[0] & 0xE0) != 0x20;
    }

    private static ReadOnlySpan<byte> Nat64Prefix => [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
}
