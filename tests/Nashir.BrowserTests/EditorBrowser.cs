using Microsoft.Playwright;

namespace Nashir.BrowserTests;

/// <summary>One headless Chromium for the editor tests; skips them when Chromium or the built bundle is missing.</summary>
public sealed class EditorBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string BundlePath => Repo.PathTo("src", "Nashir", "wwwroot", "js", "editor.js");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(BrowserSite.ChromiumPath))
            return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserSite.ChromiumPath,
            Headless = true,
            // As in BrowserSite: --no-sandbox as root; the rest keep Chromium off the internet.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>
    /// A fresh context; the fixture page's tests use a made-up origin that only Playwright routes answer. With
    /// <paramref name="bypassCsp"/> the pages' Content-Security-Policy is not enforced (what the sanitizer alone must hold).
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(bool javaScript = true, string baseUrl = "http://newsroom.test", bool bypassCsp = false)
    {
        Assert.SkipWhen(_browser is null, $"Chromium is not installed at {BrowserSite.ChromiumPath} (apt-get install -y --no-install-recommends chromium).");
        Assert.SkipWhen(javaScript && !File.Exists(BundlePath),
            $"The editor bundle {BundlePath} is not built: it needs npm (`dotnet build src/Nashir` runs `npm ci` and `npm run build`).");
        return await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            Locale = "ar",
            JavaScriptEnabled = javaScript,
            BypassCSP = bypassCsp,
            ViewportSize = new ViewportSize { Width = 1024, Height = 800 },
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
