using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Nashir.Arabic;
using Nashir.Demo;

namespace Nashir.BrowserTests;

/// <summary>The seed article as a phone reader sees it, in a real Chromium: direction, layout, focus and contrast.</summary>
public sealed class ArticlePageInBrowserTests(BrowserSite site, ITestOutputHelper output) : IClassFixture<BrowserSite>
{
    private const int PhoneWidth = 360;
    private const int PhoneHeight = 740;

    private static readonly string ArticlePath = NashirFactory.ArticlePath(Slugs.Slugify(DemoContent.SeedHeadline));
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // The text a reader must be able to read; each group must be found on the page, so the check cannot pass vacuously.
    private static readonly Dictionary<string, string> TextGroups = new(StringComparer.Ordinal)
    {
        ["headline"] = "h1.headline",
        ["dek"] = ".story-header .dek",
        ["body paragraphs"] = ".story-body p",
        ["meta line"] = ".story-meta, .story-meta .story-date, .story-meta .story-time, .story-meta .byline",
        ["figcaption"] = "figcaption, figcaption .credit",
        ["dateline"] = ".dateline, .dateline time",
        ["nav links"] = ".site-nav a",
        ["breadcrumb"] = ".breadcrumb a",
        ["tags"] = ".tags a",
        ["section titles"] = ".section-title",
        ["disclaimer"] = ".disclaimer",
        ["labels"] = "label",
        ["buttons"] = "button",
        ["footer text"] = ".site-footer p",
    };

    [Fact]
    public async Task Article_page_at_360px_is_rtl_and_does_not_overflow()
    {
        await using var context = await site.NewContextAsync(PhoneContext());
        var page = await OpenArticleAsync(context);

        var direction = await MeasureAsync<DirectionResult>(page, PageScripts.Direction);
        var overflow = await MeasureAsync<OverflowResult>(page, PageScripts.HorizontalOverflow);
        await SaveScreenshotAsync(page);

        foreach (var item in overflow.Contained)
            output.WriteLine($"Scrolls inside {item.Container}: {item.Element} [{item.Left}, {item.Right}]");
        Assert.Equal("rtl", direction.Html);
        Assert.Equal("rtl", direction.Body);
        Assert.True(overflow.ScrollWidth <= overflow.ClientWidth,
            $"The page scrolls sideways: scrollWidth {overflow.ScrollWidth} > clientWidth {overflow.ClientWidth}.");
        Assert.True(overflow.Overflowing.Count == 0,
            $"Elements cross the {overflow.ClientWidth}px viewport's edge:\n"
            + string.Join('\n', overflow.Overflowing.Select(o => $"{o.Element}: left {o.Left}, right {o.Right}")));
    }

    [Fact]
    public async Task Article_page_loads_every_resource_without_errors()
    {
        await using var context = await site.NewContextAsync(PhoneContext());
        var page = await context.NewPageAsync();
        // Playwright raises these events on its own thread.
        var problems = new ConcurrentQueue<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                problems.Enqueue($"{response.Status} {response.Url}");
        };
        page.RequestFailed += (_, request) => problems.Enqueue($"failed {request.Url}: {request.Failure}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                problems.Enqueue($"console error: {message.Text}");
        };
        page.PageError += (_, error) => problems.Enqueue($"page error: {error}");

        var response = await page.GotoAsync(ArticlePath, new() { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Equal(200, response?.Status);
        Assert.True(problems.IsEmpty, string.Join('\n', problems));
    }

    [Fact]
    public async Task Article_page_renders_with_javascript_disabled()
    {
        var options = PhoneContext();
        options.JavaScriptEnabled = false;
        await using var context = await site.NewContextAsync(options);
        var page = await OpenArticleAsync(context, waitForFonts: false);

        Assert.Equal(DemoContent.SeedHeadline, (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.True(await page.Locator(".story-body p").CountAsync() >= 3);
        Assert.True(await page.Locator(".story-body p").First.IsVisibleAsync());
        Assert.True(await page.Locator(".lead-image img").IsVisibleAsync());
        Assert.True(await page.Locator("form.comment-form button[type=submit]").IsVisibleAsync());
        Assert.Equal("rtl", await page.Locator("html").GetAttributeAsync("dir"));
    }

    [Fact]
    public async Task Keyboard_focus_is_visible_from_the_first_link()
    {
        await using var context = await site.NewContextAsync(PhoneContext());
        var page = await OpenArticleAsync(context);

        await page.Keyboard.PressAsync("Tab");
        var first = await MeasureAsync<FocusResult>(page, PageScripts.FocusedElement);
        Assert.Equal("a", first.Tag);
        AssertFocusIndicator(first);
        // The first stop is the skip link, which hides above the page until focused.
        Assert.True(first.Top >= 0 && first.Bottom <= first.ViewportHeight && first.Left >= 0 && first.Right <= first.ViewportWidth,
            $"The focused {first.Element} is outside the viewport: top {first.Top}, bottom {first.Bottom}, left {first.Left}, right {first.Right}.");

        for (var stop = 2; stop <= 10; stop++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await MeasureAsync<FocusResult>(page, PageScripts.FocusedElement);
            AssertFocusIndicator(focused);
        }
    }

    [Fact]
    public async Task Article_text_meets_wcag_aa_contrast()
    {
        await using var context = await site.NewContextAsync(PhoneContext());
        var page = await OpenArticleAsync(context);

        var contrast = await MeasureAsync<ContrastResult>(page, PageScripts.TextContrast, TextGroups);

        var failures = contrast.Results.Where(r => r.Ratio < (r.Large ? 3.0 : 4.5)).ToList();
        foreach (var r in contrast.Results.Where(r => r.BackgroundImage is not null))
            output.WriteLine($"Background image under {r.Element} (set on {r.BackgroundImage}); contrast measured on the colour only.");
        output.WriteLine($"Checked {contrast.Results.Count} text elements; lowest ratio {contrast.Results.Min(r => r.Ratio).ToString("0.00", CultureInfo.InvariantCulture)}.");
        Assert.True(contrast.Missing.Count == 0, "Text groups not found on the article page: " + string.Join(", ", contrast.Missing));
        Assert.True(failures.Count == 0, "Text below WCAG AA contrast:\n" + string.Join('\n', failures.Select(Describe)));

        static string Describe(TextContrast r) => string.Create(CultureInfo.InvariantCulture,
            $"[{r.Group}] {r.Element}: {r.Color} on {r.Background} = {r.Ratio:0.00}:1, needs {(r.Large ? 3.0 : 4.5):0.0} ({r.FontSize}px, weight {r.FontWeight})");
    }

    private static BrowserNewContextOptions PhoneContext() => new()
    {
        ViewportSize = new ViewportSize { Width = PhoneWidth, Height = PhoneHeight },
        DeviceScaleFactor = 1,
    };

    private static async Task<IPage> OpenArticleAsync(IBrowserContext context, bool waitForFonts = true)
    {
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(ArticlePath, new() { WaitUntil = WaitUntilState.Load });
        Assert.Equal(200, response?.Status);
        if (waitForFonts)
            await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");
        return page;
    }

    private static async Task<T> MeasureAsync<T>(IPage page, string script, object? argument = null) =>
        JsonSerializer.Deserialize<T>(await page.EvaluateAsync<string>(script, argument), Json)
        ?? throw new InvalidOperationException("The page script returned null.");

    private static void AssertFocusIndicator(FocusResult focused) =>
        Assert.True((focused.OutlineStyle != "none" && focused.OutlineWidth > 0) || focused.BoxShadow != "none",
            $"No visible focus on {focused.Element}: outline {focused.OutlineStyle} {focused.OutlineWidth}px, box-shadow {focused.BoxShadow}.");

    private async Task SaveScreenshotAsync(IPage page)
    {
        var path = Repo.PathTo("artifacts", "screenshots", "article-360.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.EvaluateAsync(PageScripts.LoadLazyImages);
        var png = await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
        if (Environment.GetEnvironmentVariable("NASHIR_UPDATE_SCREENSHOT") == "1")
        {
            var docs = Repo.PathTo("docs", "screenshot-article.png");
            await File.WriteAllBytesAsync(docs, png, TestContext.Current.CancellationToken);
            output.WriteLine($"Updated {docs}");
        }
    }

    private sealed record DirectionResult(string Html, string Body);

    private sealed record OverflowItem(string Element, int Left, int Right, string? Container);

    private sealed record OverflowResult(double ScrollWidth, double ClientWidth, List<OverflowItem> Overflowing, List<OverflowItem> Contained);

    private sealed record FocusResult(
        string Element, string Tag, string OutlineStyle, double OutlineWidth, string BoxShadow,
        double Top, double Bottom, double Left, double Right, double ViewportWidth, double ViewportHeight);

    private sealed record TextContrast(
        string Group, string Element, string Color, string Background, string? BackgroundImage,
        double Ratio, double FontSize, int FontWeight, bool Large);

    private sealed record ContrastResult(List<TextContrast> Results, List<string> Missing);
}
