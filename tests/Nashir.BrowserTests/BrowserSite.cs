using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Nashir.BrowserTests;

/// <summary>
/// The demo site on a real socket and one headless Chromium, both started once for all browser tests.
/// Uses Debian's Chromium (apt), never a browser downloaded by <c>playwright install</c>.
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private NashirFactory? _site;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The site behind the socket, for setting up data; only once Chromium was found (tests skip otherwise).</summary>
    public NashirFactory Factory => _site ?? throw new InvalidOperationException($"The site starts only when Chromium is installed at {ChromiumPath}.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            return;

        _site = new NashirFactory(demoContent: true);
        _site.UseKestrel(0);
        _site.StartServer();
        var address = _site.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root Chromium needs --no-sandbox; the rest stop it reaching for the internet.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Waits until the search index holds every article written so far (the demo content included).</summary>
    public Task SearchCaughtUpAsync() => _site?.SearchCaughtUpAsync() ?? Task.CompletedTask;

    /// <summary>A fresh browser context (cookies, viewport, JavaScript switch); skips the test when Chromium is absent.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        Assert.SkipWhen(_browser is null, $"Chromium is not installed at {ChromiumPath} (apt-get install -y --no-install-recommends chromium).");
        options.BaseURL = BaseAddress.ToString();
        options.Locale ??= "ar";
        return await _browser!.NewContextAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_site is not null)
            await _site.DisposeAsync();
    }
}
