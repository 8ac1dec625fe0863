using System.Net;

namespace Nashir.Site;

/// <summary>The client's address, as every rate limit and keyed hash reads it.</summary>
public static class ClientAddress
{
    /// <summary>
    /// The peer once forwarded headers from known proxies are applied, IPv4 written as IPv4 even when a dual-stack socket
    /// reports it as <c>::ffff:a.b.c.d</c>, so a client is one key however it arrived. Null when unknown.
    /// </summary>
    public static IPAddress? Of(HttpContext context) =>
        context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;
}
