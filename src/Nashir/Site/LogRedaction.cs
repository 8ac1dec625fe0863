using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nashir.ContentApi;

namespace Nashir.Site;

/// <summary>
/// No log line carries a secret. ASP.NET Core writes every request's URL at Information ("Request starting … ?key=…"),
/// HttpClient every outgoing one (a Telegram bot token is in the path), and any library may put a URL or a header into
/// a message at Debug or Trace, so the rule sits in front of every logger rather than in each place that logs: content
/// API keys (<c>nsk_…</c>) anywhere, Telegram bot tokens, and the values of query parameters that carry secrets are
/// written as <c>***</c>, in the message and in its structured values. Passwords, sign-in codes and cookies are never
/// put into a message by our code or the framework's; the test of this rule checks that too.
/// </summary>
public static partial class LogRedaction
{
    public const string Mask = "***";

    // An API key wherever it stands (a query string, a header, a ReturnUrl that carries one URL-encoded).
    [GeneratedRegex(ApiKeys.SecretPrefix + "[A-Za-z0-9_-]+", RegexOptions.CultureInvariant)]
    private static partial Regex ApiKey();

    // A Telegram bot token stands in the path of every Bot API call, which HttpClient logs at Information.
    [GeneratedRegex(@"(?<=/bot)[0-9]+:[A-Za-z0-9_-]+", RegexOptions.CultureInvariant)]
    private static partial Regex TelegramToken();

    // The value of ?key=, ?password=, ?code=… in any URL in the message.
    [GeneratedRegex(@"(?<=[?&](?:" + ContentApiSetup.KeyQuery + @"|api_?key|password|code|token|access_token|secret)=)[^&#\s""']+",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretQueryValue();

    public static string Redact(string text)
    {
        if (text.Contains(ApiKeys.SecretPrefix, StringComparison.Ordinal))
            text = ApiKey().Replace(text, Mask);
        if (text.Contains("/bot", StringComparison.Ordinal))
            text = TelegramToken().Replace(text, Mask);
        return text.Contains('=', StringComparison.Ordinal) ? SecretQueryValue().Replace(text, Mask) : text;
    }

    /// <summary>Every logger the site creates redacts what it writes (<see cref="Redact"/>), whichever provider writes it.</summary>
    public static IServiceCollection AddNashirLogRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp =>
            new RedactingLoggerFactory(ActivatorUtilities.CreateInstance<LoggerFactory>(sp))));
        return services;
    }

    private sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
                return;
            var message = formatter(state, exception);
            var redacted = Redact(message);
            var values = state as IEnumerable<KeyValuePair<string, object?>>;
            var valuesClean = values is null || values.All(v => v.Value is not string s || Redact(s) == s);
            if (string.Equals(redacted, message, StringComparison.Ordinal) && valuesClean)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }
            // Structured providers (JSON console, OpenTelemetry) read the values, not the message: both are redacted.
            var cleanValues = (values ?? []).Select(v => v.Value is string s ? new KeyValuePair<string, object?>(v.Key, Redact(s)) : v).ToList();
            inner.Log(logLevel, eventId, new RedactedState(redacted, cleanValues), exception, static (s, _) => s.Message);
        }
    }

    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public int Count => values.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }
}
