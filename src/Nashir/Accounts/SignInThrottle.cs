using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace Nashir.Accounts;

/// <summary>Settings under <c>Nashir:SignIn</c>.</summary>
public sealed class SignInThrottleOptions
{
    /// <summary>Refused sign-ins one address may make within <see cref="Window"/> before it is refused outright. Default 10.</summary>
    public int FailuresPerAddress { get; set; } = 10;

    /// <summary>Default 15 minutes, the account lockout's length.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Refused sign-ins per client address, in a sliding window. Without it one address could lock every newsroom
/// account in turn (five wrong passwords each) and keep them locked. An address over the limit is refused before
/// any account is looked up, so it can neither learn about accounts nor add to their lockout counters. Only refusals
/// count: a newsroom behind one office address signs in all morning without using the allowance up.
/// </summary>
public sealed class SignInThrottle(IOptions<SignInThrottleOptions> options, TimeProvider clock)
{
    // REVIEW: per process; with several nodes an address gets the allowance on each, still a small fixed number.
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _attempts = new(StringComparer.Ordinal);
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <summary>
    /// Counts an attempt from <paramref name="address"/> as refused until <see cref="Succeeded"/> says otherwise, so
    /// parallel attempts cannot all slip under the limit. False, with the wait, when the address is over it.
    /// </summary>
    public bool TryBegin(IPAddress? address, out Attempt attempt, out TimeSpan retryAfter)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var key = Partition(address);
        Sweep(now, o.Window);
        while (true)
        {
            var times = _attempts.GetOrAdd(key, _ => []);
            lock (times)
            {
                // The sweep may have dropped this list between the lookup and the lock.
                if (!_attempts.TryGetValue(key, out var current) || !ReferenceEquals(current, times))
                    continue;
                times.RemoveAll(t => t <= now - o.Window);
                if (times.Count >= o.FailuresPerAddress)
                {
                    attempt = default;
                    retryAfter = times.Min() + o.Window - now;
                    return false;
                }
                times.Add(now);
            }
            attempt = new Attempt(key, now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    /// <summary>The attempt proved the password: it does not count against the address.</summary>
    public void Succeeded(Attempt attempt)
    {
        if (attempt.Key is null || !_attempts.TryGetValue(attempt.Key, out var times))
            return;
        lock (times)
            times.Remove(attempt.At);
    }

    /// <summary>One key per IPv4 address; per /64 for IPv6, the block one subscriber is given.</summary>
    private static string Partition(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>Forgets addresses whose attempts have all left the window, at most once a window.</summary>
    private void Sweep(DateTimeOffset now, TimeSpan window)
    {
        lock (_attempts)
        {
            if (now - _lastSweep < window)
                return;
            _lastSweep = now;
        }
        foreach (var (key, times) in _attempts)
        {
            lock (times)
            {
                if (times.TrueForAll(t => t <= now - window))
                    _attempts.TryRemove(new KeyValuePair<string, List<DateTimeOffset>>(key, times));
            }
        }
    }

    public readonly record struct Attempt(string? Key, DateTimeOffset At);

    /// <summary>What a throttled address is told, on either sign-in step.</summary>
    public const string Message = "محاولات دخول فاشلة كثيرة من هذا العنوان. انتظر قليلاً ثم حاول مجدداً.";

    /// <summary>Marks <paramref name="response"/> as 429 with the wait in <c>Retry-After</c>.</summary>
    public static void Refuse(HttpResponse response, TimeSpan retryAfter)
    {
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

public static class SignInThrottleSetup
{
    public static IServiceCollection AddNashirSignInThrottle(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<SignInThrottleOptions>().Bind(section)
            .Validate(o => o.FailuresPerAddress >= 1 && o.Window > TimeSpan.Zero, "Nashir:SignIn:FailuresPerAddress and Window must be positive.")
            .ValidateOnStart();
        return services.AddSingleton<SignInThrottle>();
    }
}
