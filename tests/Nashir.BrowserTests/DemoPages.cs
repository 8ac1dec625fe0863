using System.Net;
using Nashir.Arabic;
using Nashir.Demo;

namespace Nashir.BrowserTests;

/// <summary>One page of each kind the site serves, as a reader's browser receives it.</summary>
public sealed record PageSample(string Name, string Path, HttpStatusCode Status, string Html);

/// <summary>
/// The demo site in memory, with every page type fetched once. Twenty extra articles in one category
/// give its listing and a search for them a second page, so the pagination markup is checked too.
/// </summary>
public sealed class DemoPages : IAsyncLifetime
{
    public const string Category = "محليات";

    private static readonly (string Name, string Path, HttpStatusCode Status)[] Kinds =
    [
        ("home", "/", HttpStatusCode.OK),
        ("article", NashirFactory.ArticlePath(Slugs.Slugify(DemoContent.SeedHeadline)), HttpStatusCode.OK),
        ("category", NashirFactory.ListingPath("category", Category), HttpStatusCode.OK),
        ("category-page-2", NashirFactory.ListingPath("category", Category, 2), HttpStatusCode.OK),
        ("tag", NashirFactory.ListingPath("tag", "مصر"), HttpStatusCode.OK),
        ("author", NashirFactory.ListingPath("author", "محرر-نشر-التجريبي"), HttpStatusCode.OK),
        ("not-found", "/no-such-page", HttpStatusCode.NotFound),
        ("bad-request", NashirFactory.ListingPath("category", Category) + "?page=abc", HttpStatusCode.BadRequest),
        ("search-form", "/search", HttpStatusCode.OK),
        ("search-results", "/search?q=" + Uri.EscapeDataString(ArchiveWord), HttpStatusCode.OK),
        ("search-results-page-2", "/search?q=" + Uri.EscapeDataString(ArchiveWord) + "&page=2", HttpStatusCode.OK),
        ("search-nothing-found", "/search?q=" + Uri.EscapeDataString("كسوف"), HttpStatusCode.OK),
        ("search-bad-request", "/search?q=" + Uri.EscapeDataString(ArchiveWord) + "&from=garbage", HttpStatusCode.BadRequest),
    ];

    // In the twenty archive headlines only, so its search has two pages of ten.
    private const string ArchiveWord = "أرشيفي";

    private readonly NashirFactory _site = new(demoContent: true);
    private readonly Dictionary<string, PageSample> _pages = new(StringComparer.Ordinal);

    public static TheoryData<string> Names => [.. Kinds.Select(k => k.Name)];

    public IReadOnlyCollection<PageSample> All => _pages.Values;

    public PageSample this[string name] => _pages[name];

    /// <summary>A reader's client on the same in-memory site, for fetching what the pages link to.</summary>
    public HttpClient CreateReader() => _site.CreateReader();

    public async ValueTask InitializeAsync()
    {
        using var client = _site.CreateReader();
        var categoryId = await _site.WithDbAsync(db => Task.FromResult(db.Categories.Single(c => c.Slug == Category).Id));
        var start = _site.Clock.GetUtcNow().UtcDateTime;
        for (var i = 1; i <= 20; i++)
            await _site.PublishAsync($"خبر أرشيفي رقم {i} في قسم المحليات", start.AddDays(-i), categoryId);
        await _site.SearchCaughtUpAsync();

        foreach (var (name, path, status) in Kinds)
        {
            using var response = await client.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != status)
                throw new InvalidOperationException($"GET {path} ({name}) answered {(int)response.StatusCode}, expected {(int)status}.");
            _pages[name] = new PageSample(name, path, status, html);
        }
    }

    public ValueTask DisposeAsync()
    {
        _site.Dispose();
        return ValueTask.CompletedTask;
    }
}

[CollectionDefinition(nameof(DemoPagesCollection))]
public sealed class DemoPagesCollection : ICollectionFixture<DemoPages>;
