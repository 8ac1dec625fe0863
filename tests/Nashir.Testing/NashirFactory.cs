using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nashir.Accounts;
using Nashir.Arabic;
using Nashir.Articles;
using Nashir.Data;

namespace Nashir.Testing;

/// <summary>
/// The site on a real SQLite file in a temporary data folder, with a clock the test controls.
/// Intent methods (<see cref="PublishAsync"/>) write through the real DbContext.
/// </summary>
public class NashirFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    static NashirFactory()
    {
        // Dozens of hosts per run would each take inotify instances (the default limit is 128 per user):
        // tests poll instead, and never reload configuration files.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    private readonly bool _ownsDataPath;

    /// <param name="demoContent">Seed the demo articles.</param>
    /// <param name="now">The test clock's start (default 2024-10-01 09:00 UTC).</param>
    /// <param name="dataPath">An existing data folder to run on (a restart); the caller deletes it. Default: a new temporary one.</param>
    public NashirFactory(bool demoContent = false, DateTimeOffset? now = null, string? dataPath = null)
    {
        _ownsDataPath = dataPath is null;
        DataPath = dataPath ?? Path.Combine(Path.GetTempPath(), "nashir-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataPath);
        Clock = new TestClock(now ?? new DateTimeOffset(2024, 10, 1, 9, 0, 0, TimeSpan.Zero));
        _settings["Nashir:DataPath"] = DataPath;
        _settings["Nashir:DemoContent"] = demoContent ? "true" : "false";
    }

    public string DataPath { get; }
    public TestClock Clock { get; }

    /// <summary>Sets a configuration value (e.g. "Nashir:TimeZone") before the site starts.</summary>
    public NashirFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    private bool _peerHeader;

    /// <summary>
    /// Requests carrying <see cref="PeerHeader"/> arrive from that address, as if from a socket (the test server
    /// has none). It is set before anything else in the pipeline, forwarded-header handling included.
    /// </summary>
    public NashirFactory WithPeerAddresses()
    {
        _peerHeader = true;
        return this;
    }

    public const string PeerHeader = "X-Test-Peer";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            // First startup filter = outermost middleware, in front of the ones ASP.NET Core itself adds.
            if (_peerHeader)
                services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, PeerAddressFilter>());
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public HttpClient CreateReader() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<T> WithDbAsync<T>(Func<NashirDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<NashirDb>());
    }

    public Task WithDbAsync(Func<NashirDb, Task> work) => WithDbAsync(async db =>
    {
        await work(db);
        return true;
    });

    public async Task<Category> CreateCategoryAsync(string name, bool inNavigation = true) =>
        await WithDbAsync(async db =>
        {
            var category = new Category { Name = name, Slug = Slugs.Slugify(name), InNavigation = inNavigation };
            db.Categories.Add(category);
            await db.SaveChangesAsync();
            return category;
        });

    /// <summary>Publishes an article at <paramref name="publishedAt"/> (default: the test clock's now).</summary>
    public async Task<Article> PublishAsync(
        string headline,
        DateTime? publishedAt = null,
        int? categoryId = null,
        string body = "<p>نص الخبر.</p>",
        Action<Article>? configure = null) =>
        await WithDbAsync(async db =>
        {
            var when = publishedAt ?? Clock.GetUtcNow().UtcDateTime;
            var article = new Article
            {
                Slug = Slugs.MakeUnique(Slugs.Slugify(headline), s => db.Articles.Any(a => a.Slug == s)),
                Headline = headline,
                Body = body,
                Status = ArticleStatus.Published,
                CreatedAt = when,
                PublishedAt = when,
                CategoryId = categoryId,
            };
            configure?.Invoke(article);
            db.Articles.Add(article);
            await db.SaveChangesAsync();
            return article;
        });

    /// <summary>Creates an account with <paramref name="role"/> (null: no role) and returns it with its password.</summary>
    public async Task<(NashirUser User, string Password)> CreateUserAsync(string? role, string? email = null, string? displayName = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NashirUser>>();
        email ??= $"{(role ?? "none").ToLowerInvariant()}-{Guid.NewGuid():N}@nashir.test";
        var user = new NashirUser { UserName = email, Email = email, DisplayName = displayName ?? $"حساب {role}", CreatedAt = Clock.GetUtcNow().UtcDateTime };
        const string password = "كلمة-مرور-طويلة-للاختبار";
        Check(await users.CreateAsync(user, password));
        if (role is not null)
            Check(await users.AddToRoleAsync(user, role));
        return (user, password);

        static void Check(IdentityResult result)
        {
            if (!result.Succeeded)
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>A client signed in through the real login form, as a person in that role.</summary>
    public async Task<HttpClient> SignInAsync(string? role)
    {
        var (user, password) = await CreateUserAsync(role);
        var client = CreateReader();
        using var response = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", user.Email!), ("Password", password));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {role} answered {(int)response.StatusCode}");
        return client;
    }

    /// <summary>Waits until the search index has applied every change written so far (fails after 30 s).</summary>
    public Task SearchCaughtUpAsync() =>
        Services.GetRequiredService<Nashir.Search.SearchIndexer>().WaitUntilCaughtUpAsync(TimeSpan.FromSeconds(30));

    public static string ArticlePath(string slug) => "/article/" + Slugs.ToUrlSegment(slug);

    public static string ListingPath(string kind, string slug, int? page = null) =>
        $"/{kind}/{Slugs.ToUrlSegment(slug)}" + (page is null ? "" : $"?page={page}");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
            return;
        SqliteConnection.ClearAllPools();
        if (!_ownsDataPath)
            return;
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
            // REVIEW: a file still held by a finishing request; the OS temp cleaner takes it.
        }
    }
}

/// <summary>Sets <c>Connection.RemoteIpAddress</c> from <see cref="NashirFactory.PeerHeader"/>.</summary>
internal sealed class PeerAddressFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, inner) =>
        {
            if (System.Net.IPAddress.TryParse(context.Request.Headers[NashirFactory.PeerHeader].ToString(), out var peer))
                context.Connection.RemoteIpAddress = peer;
            return inner(context);
        });
        next(app);
    };
}

/// <summary>A clock that stands still until the test moves it.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;

    public void Advance(TimeSpan by) => _now += by;
}
