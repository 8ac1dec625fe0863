using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Nashir.Accounts;
using Nashir.Tests.ContentApi;

namespace Nashir.Tests.Site;

/// <summary>
/// No log line, at any level and through any provider, carries an API key, a password or a sign-in cookie: requests are
/// logged with the key masked.
/// </summary>
public sealed class LogSecretsTests
{
    [Fact]
    public async Task No_log_line_at_any_level_holds_an_api_key_a_password_or_the_sign_in_cookie()
    {
        using var site = new LoggedSite();
        await site.PublishAsync("خبر للواجهة");
        var (_, secret) = await site.CreateApiKeyAsync();
        var reader = site.CreateReader();
        using (var api = await reader.GetAsync($"/api/v1/articles?key={secret}&page=1"))
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles"))
        {
            request.Headers.Add("X-Api-Key", secret);
            using var api = await reader.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        }

        var (user, password) = await site.CreateUserAsync(Roles.Editor);
        var client = site.CreateReader();
        using (var wrong = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password + "خطأ")))
            Assert.NotEqual(HttpStatusCode.Redirect, wrong.StatusCode);
        using var signedIn = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookies = signedIn.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("nashir.auth", StringComparison.Ordinal))
            .Select(c => c.Split(';')[0].Split('=', 2)[1])
            .Where(v => !v.StartsWith("chunks-", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(cookies);
        using (var desk = await client.GetAsync("/newsroom"))
            Assert.Equal(HttpStatusCode.OK, desk.StatusCode);

        var lines = site.Lines.ToArray();
        // The requests are in the log, so the assertions below look at lines that were written.
        Assert.Contains(lines, l => l.Contains("/api/v1/articles?key=***&page=1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/newsroom/login", StringComparison.Ordinal));
        var secrets = new[] { secret, secret[12..], password, Uri.EscapeDataString(password) }.Concat(cookies).Concat(cookies.Select(c => c[..32]));
        foreach (var s in secrets)
            Assert.DoesNotContain(lines, l => l.Contains(s, StringComparison.Ordinal));
    }

    /// <summary>The site with every log line, at every level, kept as text with its values.</summary>
    private sealed class LoggedSite : NashirFactory
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging =>
            {
                logging.AddProvider(new CaptureProvider(Lines));
                logging.AddFilter<CaptureProvider>(null, LogLevel.Trace);
            });
        }
    }

    private sealed class CaptureProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capture(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class Capture(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {values} | {exception}");
        }
    }
}
