using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.WebUtilities;
using Nashir.Articles;
using Nashir.Comments;
using Nashir.Testing;
using Nashir.Wire;

namespace Nashir.Fuzz;

/// <summary>
/// One thing fed with untrusted bytes. <see cref="Run"/> returns when the code under test answered the input the way it
/// answers bad input (a refusal it was written to give); any exception that escapes is a crash to keep.
/// </summary>
public sealed record FuzzTarget(string Name, string What, Func<IReadOnlyList<byte[]>> Seeds, Action<byte[]> Run);

/// <summary>
/// The fuzzing targets: the wire parsers (RSS, Atom, ninjs) with the sanitizing that follows them on the way into the
/// queue, and the reader's comment form, both as values read from a form body and as a real POST through the site
/// (model binding, validation, the refusal page), where anything but a 5xx is an answer.
/// </summary>
public sealed class FuzzTargets : IDisposable
{
    private static readonly BodySanitizer Sanitizer = new();
    private readonly Lazy<(NashirFactory Site, HttpClient Client, string Path)> _site = new(StartSite);

    public FuzzTargets()
    {
        // The site's target first: its start-up comes out of the whole run's time, so it must not wait for a share that is gone.
        All =
        [
            new("comment-post", "a comment POSTed to an article page (the first byte picks the content type)",
                () => Corpus("comment").Select(seed => (byte[])[seed.AsSpan().StartsWith("--"u8) ? (byte)1 : (byte)0, .. seed]).ToList(), CommentPost),
            new("comment-form", "a form body read and bound to the comment form, then validated and cleaned",
                () => Corpus("comment"), CommentForm),
            Wire("wire-rss", WireFormat.Rss, ".xml"),
            Wire("wire-atom", WireFormat.Atom, ".xml"),
            Wire("wire-ninjs", WireFormat.Ninjs, ".json"),
        ];
    }

    public IReadOnlyList<FuzzTarget> All { get; }

    public FuzzTarget this[string name] =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"No fuzzing target '{name}'.", nameof(name));

    /// <summary>The repository's root: the folder holding Nashir.slnx above this program.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Where crashes of <paramref name="target"/> are kept, and replayed from by the tests.</summary>
    public static string RegressionFolder(string target) => Path.Combine(RepoRoot, "tests", "Nashir.Fuzz", "Regressions", target);

    /// <summary>Seeds and kept crashes of a target, which must never crash again.</summary>
    public static IReadOnlyList<string> Regressions(string target) =>
        Directory.Exists(RegressionFolder(target)) ? [.. Directory.GetFiles(RegressionFolder(target)).Order(StringComparer.Ordinal)] : [];

    private static FuzzTarget Wire(string name, WireFormat format, string extension) =>
        new(name, $"an agency feed read as {format}, its texts then sanitized", () => WireSeeds(extension), body =>
        {
            IReadOnlyList<WireEntry> entries;
            try
            {
                entries = WireParser.Parse(body, format);
            }
            catch (WireFeedException)
            {
                return; // the poller records this as the feed's error
            }
            foreach (var entry in entries)
            {
                Sanitizer.Sanitize(entry.BodyHtml);
                Sanitizer.Sanitize(entry.SummaryHtml);
            }
        });

    private static void CommentForm(byte[] body)
    {
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> fields;
        try
        {
            // The reader model binding uses for form bodies, with its default limits.
            using var reader = new FormReader(new MemoryStream(body));
            fields = reader.ReadForm();
        }
        catch (InvalidDataException)
        {
            return; // a form over the limits: ASP.NET Core answers 400
        }
        string? Field(string name) => fields.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Value.FirstOrDefault();
        var form = new CommentForm { Name = Field("Name"), Subject = Field("Subject"), Text = Field("Text"), Email = Field("Email"), Website = Field("Website") };
        form.Validate();
        _ = (form.CleanName, form.CleanSubject, form.CleanText, form.IsBot, CommentDesk.TryParseParent(Field("parentId"), out _));
    }

    private static readonly string[] ContentTypes =
    [
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=nashir", "application/x-www-form-urlencoded; charset=utf-8",
        "multipart/form-data", "text/plain", "application/json", "multipart/form-data; boundary=\"\"", "application/x-www-form-urlencoded; charset=bogus",
    ];

    private void CommentPost(byte[] input)
    {
        var (_, client, path) = _site.Value;
        using var content = new ByteArrayContent(input.Length > 1 ? input[1..] : []);
        if (input.Length > 0 && input[0] % (ContentTypes.Length + 1) is var pick && pick < ContentTypes.Length)
            content.Headers.TryAddWithoutValidation("Content-Type", ContentTypes[pick]);
        using var response = client.PostAsync(path + "?handler=Comment", content).GetAwaiter().GetResult();
        if ((int)response.StatusCode >= 500)
            throw new FuzzCrashException($"POST answered {(int)response.StatusCode} {response.StatusCode}");
    }

    private static (NashirFactory, HttpClient, string) StartSite()
    {
        // Limits high enough that every input reaches binding, validation and the word filters, not the rate limit.
        // NASHIR_FUZZ_LOG=Error shows the site's own report of a 5xx when replaying a crash.
        var site = new NashirFactory()
            .With("Logging:LogLevel:Default", Environment.GetEnvironmentVariable("NASHIR_FUZZ_LOG") ?? "Critical")
            .With("Nashir:Comments:PerMinute", "100000000")
            .With("Nashir:Comments:PerDay", "100000000");
        var article = site.PublishAsync("خبر للتعليقات", configure: a => a.CommentMode = CommentMode.Open).GetAwaiter().GetResult();
        var client = site.CreateReader();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using (var page = client.GetAsync(NashirFactory.ArticlePath(article.Slug)).GetAwaiter().GetResult())
        {
            if (page.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"The article page answered {(int)page.StatusCode}.");
        }
        return (site, client, NashirFactory.ArticlePath(article.Slug));
    }

    /// <summary>The wire fixtures of the tests (real agency feeds and hostile ones), the seeds of every wire target.</summary>
    private static List<byte[]> WireSeeds(string extension)
    {
        var fixtures = Path.Combine(RepoRoot, "tests", "Nashir.Tests", "Wire", "Fixtures");
        return [.. Directory.GetFiles(fixtures).Order(StringComparer.Ordinal)
            .OrderBy(f => f.EndsWith(extension, StringComparison.Ordinal) ? 0 : 1)
            .Select(File.ReadAllBytes)];
    }

    private static List<byte[]> Corpus(string name) =>
        [.. Directory.GetFiles(Path.Combine(RepoRoot, "tests", "Nashir.Fuzz", "Corpus", name)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nashir.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Nashir.slnx not found above " + AppContext.BaseDirectory);
    }

    public void Dispose()
    {
        if (!_site.IsValueCreated)
            return;
        _site.Value.Client.Dispose();
        _site.Value.Site.Dispose();
    }

    /// <summary>An input as a crash report prints it: base64 when short enough to paste back.</summary>
    public static string Show(byte[] input) =>
        input.Length <= 2048 ? Convert.ToBase64String(input) : $"({input.Length} bytes)";
}

/// <summary>A target's own verdict that an answer was a crash (a 5xx), not an exception of the code under test.</summary>
public sealed class FuzzCrashException(string message) : Exception(message);
