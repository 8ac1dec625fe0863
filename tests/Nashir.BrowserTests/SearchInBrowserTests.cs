using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Nashir.Demo;

namespace Nashir.BrowserTests;

/// <summary>
/// Search as a phone reader uses it in Chromium: the header box's suggestions (an ARIA combobox driven by the
/// keyboard), the plain form without JavaScript, and the results page's layout and contrast at 360 px.
/// </summary>
public sealed class SearchInBrowserTests(BrowserSite site, ITestOutputHelper output) : IClassFixture<BrowserSite>
{
    private const string BoxLabel = "ابحث في الأخبار";
    private const string ListboxSelector = "#site-search-q-suggestions";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static BrowserNewContextOptions PhoneContext(bool javaScript = true) => new()
    {
        ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        DeviceScaleFactor = 1,
        JavaScriptEnabled = javaScript,
    };

    [Fact]
    public async Task Header_box_suggests_headlines_and_arrow_then_enter_opens_one()
    {
        await using var context = await site.NewContextAsync(PhoneContext());
        await site.SearchCaughtUpAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        var box = page.GetByRole(AriaRole.Combobox, new() { Name = BoxLabel, Exact = true });
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
        await box.PressSequentiallyAsync("خبر تجريبي", new() { Delay = 20 });

        var listbox = page.Locator(ListboxSelector);
        await Assertions.Expect(listbox).ToBeVisibleAsync();
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-controls", ListboxSelector[1..]);
        var options = listbox.GetByRole(AriaRole.Option);
        Assert.True(await options.CountAsync() >= 2, "Expected at least two suggestions for a word in every demo headline.");
        await Assertions.Expect(options.First).ToContainTextAsync("خبر تجريبي");

        await box.PressAsync("ArrowDown");
        await box.PressAsync("ArrowDown");
        var second = options.Nth(1);
        await Assertions.Expect(second).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(options.First).ToHaveAttributeAsync("aria-selected", "false");
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-activedescendant", (await second.GetAttributeAsync("id"))!);
        await Assertions.Expect(box).ToBeFocusedAsync();
        var chosen = (await second.InnerTextAsync()).Trim();

        await box.PressAsync("Enter");

        // The address is enough; the headline check below waits for the page itself. Waiting for the "load" event
        // too timed out once on a loaded CI machine while the article page's images were still arriving.
        await page.WaitForURLAsync(url => url.Contains("/article/", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(chosen);
    }

    [Fact]
    public async Task Escape_closes_the_suggestions_and_enter_then_submits_the_form()
    {
        await using var context = await site.NewContextAsync(PhoneContext());
        await site.SearchCaughtUpAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        var box = page.GetByRole(AriaRole.Combobox, new() { Name = BoxLabel, Exact = true });
        await box.PressSequentiallyAsync("بريطانيا", new() { Delay = 20 });
        var listbox = page.Locator(ListboxSelector);
        await Assertions.Expect(listbox).ToBeVisibleAsync();
        await Assertions.Expect(listbox.GetByRole(AriaRole.Option, new() { Name = DemoContent.SeedHeadline, Exact = true })).ToHaveCountAsync(1);

        await box.PressAsync("Escape");
        await Assertions.Expect(listbox).ToBeHiddenAsync();
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(box).ToHaveValueAsync("بريطانيا");

        await box.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("/search?q=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator(".search-hit-title a", new() { HasText = "بريطانيا" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Header_box_searches_without_javascript()
    {
        await using var context = await site.NewContextAsync(PhoneContext(javaScript: false));
        await site.SearchCaughtUpAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = BoxLabel, Exact = true });
        await box.FillAsync("القاهرة");
        await box.PressAsync("Enter");

        await page.WaitForURLAsync(url => url.Contains("/search?q=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator(".search-hit-title a", new() { HasText = DemoContent.SeedHeadline })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#search-q")).ToHaveValueAsync("القاهرة");
    }

    [Theory]
    [InlineData("/search?q=%D8%AE%D8%A8%D8%B1")] // خبر: a page of results with pagination
    [InlineData("/search?q=%D9%83%D8%B3%D9%88%D9%81")] // كسوف: nothing found
    [InlineData("/search")]
    public async Task Search_page_at_360px_does_not_overflow(string path)
    {
        await using var context = await site.NewContextAsync(PhoneContext());
        await site.SearchCaughtUpAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
        Assert.Equal(200, response?.Status);
        await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");

        var overflow = await MeasureAsync<OverflowResult>(page, PageScripts.HorizontalOverflow);

        Assert.True(overflow.ScrollWidth <= overflow.ClientWidth,
            $"{path} scrolls sideways: scrollWidth {overflow.ScrollWidth} > clientWidth {overflow.ClientWidth}.");
        Assert.True(overflow.Overflowing.Count == 0,
            $"Elements cross the {overflow.ClientWidth}px viewport's edge on {path}:\n"
            + string.Join('\n', overflow.Overflowing.Select(o => $"{o.Element}: left {o.Left}, right {o.Right}")));
    }

    [Fact]
    public async Task Results_and_marked_matches_meet_wcag_aa_contrast()
    {
        await using var context = await site.NewContextAsync(PhoneContext());
        await site.SearchCaughtUpAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("تجريبي"));
        await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");

        var groups = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["marked matches"] = "mark",
            ["result headlines"] = ".search-hit-title a",
            ["snippets"] = ".search-hit-snippet",
            ["result meta"] = ".search-hit-meta a, .search-hit-meta time",
            ["result count"] = ".search-count",
            ["form labels"] = ".search-form label",
            ["header search button"] = ".site-search button",
        };
        var contrast = await MeasureAsync<ContrastResult>(page, PageScripts.TextContrast, groups);

        var failures = contrast.Results.Where(r => r.Ratio < (r.Large ? 3.0 : 4.5)).ToList();
        output.WriteLine($"Checked {contrast.Results.Count} text elements; lowest ratio {contrast.Results.Min(r => r.Ratio).ToString("0.00", CultureInfo.InvariantCulture)}.");
        Assert.True(contrast.Missing.Count == 0, "Text groups not found on the results page: " + string.Join(", ", contrast.Missing));
        Assert.True(failures.Count == 0, "Text below WCAG AA contrast:\n" + string.Join('\n', failures.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"[{r.Group}] {r.Element}: {r.Color} on {r.Background} = {r.Ratio:0.00}:1"))));
    }

    private static async Task<T> MeasureAsync<T>(IPage page, string script, object? argument = null) =>
        JsonSerializer.Deserialize<T>(await page.EvaluateAsync<string>(script, argument), Json)
        ?? throw new InvalidOperationException("The page script returned null.");

    private sealed record OverflowItem(string Element, int Left, int Right, string? Container);

    private sealed record OverflowResult(double ScrollWidth, double ClientWidth, List<OverflowItem> Overflowing, List<OverflowItem> Contained);

    private sealed record TextContrast(string Group, string Element, string Color, string Background, double Ratio, bool Large);

    private sealed record ContrastResult(List<TextContrast> Results, List<string> Missing);
}
