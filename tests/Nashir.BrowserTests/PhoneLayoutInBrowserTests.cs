using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Nashir.Arabic;
using Nashir.Comments;
using Nashir.Demo;

namespace Nashir.BrowserTests;

/// <summary>
/// Every reader page type on a 360 px phone (mobile viewport, 2x pixels, touch) in Chromium: rendered in the
/// self-hosted web font, and once more in a wide fallback font with the web fonts blocked, the page never
/// scrolls sideways, the header's search button and the breaking label «عاجل» stay on one line, and the
/// comment section's links, buttons and fields are big enough to tap.
/// </summary>
public sealed class PhoneLayoutInBrowserTests(BrowserSite site, ITestOutputHelper output) : IClassFixture<BrowserSite>
{
    private const int PhoneWidth = 360;
    private const int PhoneHeight = 740;
    private const int DesktopWidth = 1280;
    private const string WebFont = "Noto Naskh Arabic";

    // Android's own Arabic font, as Debian's fonts-noto-core installs it (.ci/run): what a phone shows when the web
    // fonts never arrive. Wider than the web font where it counts: a search box's natural width (20 average
    // characters) is 351 px in it, so on main's stylesheet the header's form pushed the page to 433 px.
    private const string WideFallback = "Noto Sans Arabic";

    // WCAG 2.2 target size (minimum), 2.5.8.
    private const double MinTarget = 24;

    private const string BreakingArticle = "breaking-article";
    private static readonly string SearchButton = ".site-search button";
    private static readonly string[] OneLine = [SearchButton, ".ticker-label", ".breaking-label"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, (string Path, int Status)> ReaderPages = new(StringComparer.Ordinal)
    {
        ["home"] = ("/", 200),
        ["article"] = (NashirFactory.ArticlePath(Slugs.Slugify(DemoContent.SeedHeadline)), 200),
        [BreakingArticle] = ("", 200),
        ["category"] = (NashirFactory.ListingPath("category", "محليات"), 200),
        ["tag"] = (NashirFactory.ListingPath("tag", "مصر"), 200),
        ["author"] = (NashirFactory.ListingPath("author", "محرر-نشر-التجريبي"), 200),
        ["search-form"] = ("/search", 200),
        ["search-results"] = ("/search?q=" + Uri.EscapeDataString("خبر تجريبي"), 200),
        ["search-nothing-found"] = ("/search?q=" + Uri.EscapeDataString("كسوف"), 200),
        ["not-found"] = ("/no-such-page", 404),
        ["bad-request"] = (NashirFactory.ListingPath("category", "محليات") + "?page=abc", 400),
    };

    public static TheoryData<string> PageTypes => [.. ReaderPages.Keys];

    [Theory]
    [MemberData(nameof(PageTypes))]
    public async Task Reader_page_fits_a_360px_phone_in_the_self_hosted_font(string pageType)
    {
        Assert.SkipUnless(Directory.Exists(Repo.PathTo("node_modules", "@fontsource", "noto-naskh-arabic")),
            $"The web fonts come from npm: run `npm ci` in {Repo.Root}, then `dotnet build`.");
        await using var context = await site.NewContextAsync(PhoneContext());
        var page = await context.NewPageAsync();
        var fontResponses = new ConcurrentQueue<(string Url, int Status)>();
        page.Response += (_, response) =>
        {
            if (new Uri(response.Url).AbsolutePath.EndsWith(".woff2", StringComparison.Ordinal))
                fontResponses.Enqueue((response.Url, response.Status));
        };
        await OpenAsync(page, pageType);

        await AssertFitsAsync(page, pageType, "self-hosted font", $"phone-{pageType}.png");
        var drawnWith = await RenderedFontsAsync(page, SearchButton, ".site-name", ".dateline");
        Assert.All(drawnWith, fonts => Assert.Equal([WebFont + " (web font)"], fonts));
        var loaded = await page.EvaluateAsync<string[]>(
            "() => [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replaceAll('\"', '') + ' ' + f.weight)");
        Assert.Contains(WebFont + " 400", loaded);
        Assert.Contains(WebFont + " 700", loaded);
        Assert.NotEmpty(fontResponses);
        Assert.All(fontResponses, r => Assert.True(r.Status == 200, $"{r.Url} answered {r.Status}."));
        // The preloaded files are the ones the page uses: each font is fetched once, not once per spelling of its address.
        var perFile = fontResponses.GroupBy(r => new Uri(r.Url).AbsolutePath, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(perFile);

        await page.SetViewportSizeAsync(DesktopWidth, 900);
        await AssertFitsAsync(page, pageType, "self-hosted font, 1280 px", $"desktop-{pageType}.png");
    }

    [Theory]
    [MemberData(nameof(PageTypes))]
    public async Task Reader_page_fits_a_360px_phone_in_a_wide_fallback_font(string pageType)
    {
        var options = PhoneContext();
        // The font override below is an inline style, which the site's Content-Security-Policy (rightly) refuses.
        options.BypassCSP = true;
        await using var context = await site.NewContextAsync(options);
        // No web font at all (so the family name below is the phone's installed font, not the web font of that name).
        await context.RouteAsync("**/*.woff2", route => route.AbortAsync());
        await context.RouteAsync("**/css/fonts.css*", route => route.AbortAsync());
        var page = await context.NewPageAsync();
        await OpenAsync(page, pageType);
        await page.AddStyleTagAsync(new() { Content = $"*, *::before, *::after {{ font-family: \"{WideFallback}\", sans-serif !important; }}" });
        await page.EvaluateAsync("() => document.fonts.ready.then(() => new Promise(requestAnimationFrame))");

        var rendered = (await RenderedFontsAsync(page, SearchButton))[0];
        Assert.SkipUnless(rendered.SequenceEqual([WideFallback + " (system)"]),
            $"The wide fallback font {WideFallback} is not installed (apt-get install -y fonts-noto-core); the button rendered in {string.Join(", ", rendered)}.");
        await AssertFitsAsync(page, pageType, WideFallback, $"phone-fallback-{pageType}.png");
    }

    [Fact]
    public async Task Comment_section_targets_are_big_enough_to_tap_and_do_not_overlap_at_360px()
    {
        await using var context = await site.NewContextAsync(PhoneContext());
        var article = await site.Factory.PublishAsync("خبر للتعليقات على الهاتف");
        await site.Factory.WithDbAsync(async db =>
        {
            var now = site.Factory.Clock.GetUtcNow().UtcDateTime;
            var first = new Comment { ArticleId = article.Id, Name = "سلمى", Subject = "سؤال", Text = "متى تفتح المكتبة أبوابها؟", Status = CommentStatus.Approved, CreatedAt = now.AddMinutes(-30) };
            db.Comments.Add(first);
            await db.SaveChangesAsync();
            db.Comments.AddRange(
                new Comment { ArticleId = article.Id, Parent = first, Name = "المحرر", Text = "كل يوم من التاسعة صباحاً.", Status = CommentStatus.Approved, CreatedAt = now.AddMinutes(-20) },
                new Comment { ArticleId = article.Id, Name = "Omar", Text = "خبر جيد", Status = CommentStatus.Approved, CreatedAt = now.AddMinutes(-10) });
            await db.SaveChangesAsync();
        });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(NashirFactory.ArticlePath(article.Slug), new() { WaitUntil = WaitUntilState.Load });
        Assert.Equal(200, response?.Status);
        await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");

        var targets = await MeasureAsync<List<Target>>(page, PageScripts.TapTargets, "#comments");
        if (Environment.GetEnvironmentVariable("NASHIR_SCREENSHOTS") == "1")
            await page.Locator("#comments").ScreenshotAsync(new() { Path = Repo.PathTo("artifacts", "screenshots", "phone-comments.png") });

        foreach (var t in targets)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.Element}: {t.Width:0.#}×{t.Height:0.#} at ({t.Left:0.#}, {t.Top:0.#})"));
        // Two top-level comments, each with «ردّ», and three with «إبلاغ»: the check cannot pass on an empty section.
        Assert.Equal(2, targets.Count(t => t.Element.EndsWith("\"ردّ\"", StringComparison.Ordinal)));
        Assert.Equal(3, targets.Count(t => t.Element.EndsWith("\"إبلاغ\"", StringComparison.Ordinal)));
        var small = targets.Where(t => t.Width < MinTarget || t.Height < MinTarget).ToList();
        Assert.True(small.Count == 0, $"Targets under {MinTarget}×{MinTarget} px:\n" + string.Join('\n', small.Select(Describe)));
        var overlapping = targets.SelectMany((a, i) => targets.Skip(i + 1).Where(b => Overlap(a, b)).Select(b => $"{Describe(a)}\n  overlaps {Describe(b)}")).ToList();
        Assert.True(overlapping.Count == 0, "Targets overlap:\n" + string.Join('\n', overlapping));

        static bool Overlap(Target a, Target b) =>
            Math.Min(a.Left + a.Width, b.Left + b.Width) - Math.Max(a.Left, b.Left) > 0.5
            && Math.Min(a.Top + a.Height, b.Top + b.Height) - Math.Max(a.Top, b.Top) > 0.5;

        static string Describe(Target t) => string.Create(CultureInfo.InvariantCulture, $"{t.Element} ({t.Width:0.#}×{t.Height:0.#})");
    }

    private static BrowserNewContextOptions PhoneContext() => new()
    {
        ViewportSize = new ViewportSize { Width = PhoneWidth, Height = PhoneHeight },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
    };

    private async Task OpenAsync(IPage page, string pageType)
    {
        var (path, status) = ReaderPages[pageType];
        if (pageType == BreakingArticle)
        {
            var slug = await site.Factory.WithDbAsync(db => Task.FromResult(db.Articles.Where(a => a.IsBreaking).OrderBy(a => a.Id).Select(a => a.Slug).First()));
            path = NashirFactory.ArticlePath(slug);
        }
        if (pageType.StartsWith("search", StringComparison.Ordinal))
            await site.SearchCaughtUpAsync();
        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
        Assert.Equal(status, response?.Status);
        await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");
    }

    /// <summary>The layout checks; a screenshot goes to artifacts/screenshots when one fails or NASHIR_SCREENSHOTS=1.</summary>
    private async Task AssertFitsAsync(IPage page, string pageType, string fonts, string screenshot)
    {
        try
        {
            await AssertFitsAsync(page, pageType, fonts);
        }
        catch
        {
            await SaveScreenshotAsync(page, screenshot);
            throw;
        }
        if (Environment.GetEnvironmentVariable("NASHIR_SCREENSHOTS") == "1")
            await SaveScreenshotAsync(page, screenshot);
    }

    private async Task AssertFitsAsync(IPage page, string pageType, string fonts)
    {
        var overflow = await MeasureAsync<OverflowResult>(page, PageScripts.HorizontalOverflow);
        var lines = await MeasureAsync<List<TextLines>>(page, PageScripts.TextLines, OneLine);
        var sizes = string.Join("; ", lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Element} {l.Width:0.#}×{l.Height:0.#}, {l.Lines} line(s)")));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pageType} in {fonts}: scrollWidth {overflow.ScrollWidth}, clientWidth {overflow.ClientWidth}; {sizes}"));

        Assert.True(overflow.ScrollWidth <= overflow.ClientWidth,
            $"{pageType} ({fonts}) scrolls sideways: scrollWidth {overflow.ScrollWidth} > clientWidth {overflow.ClientWidth}. Crossing the edge:\n"
            + string.Join('\n', overflow.Overflowing.Select(o => $"{o.Element}: left {o.Left}, right {o.Right}")));
        Assert.True(overflow.Overflowing.Count == 0, $"{pageType} ({fonts}): elements cross the viewport's edge:\n"
            + string.Join('\n', overflow.Overflowing.Select(o => $"{o.Element}: left {o.Left}, right {o.Right}")));
        Assert.Single(lines, l => l.Selector == SearchButton);
        Assert.Contains(lines, l => l.Selector == ".ticker-label");
        if (pageType == BreakingArticle)
            Assert.Contains(lines, l => l.Selector == ".breaking-label");
        var broken = lines.Where(l => l.Lines != 1).ToList();
        Assert.True(broken.Count == 0, $"{pageType} ({fonts}): text that must stay on one line wraps:\n"
            + string.Join('\n', broken.Select(l => $"{l.Element}: {l.Lines} lines")));
    }

    /// <summary>For each selector, the fonts Chromium used to draw the text of the first element it matches.</summary>
    private static async Task<List<List<string>>> RenderedFontsAsync(IPage page, params string[] selectors)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("DOM.enable");
        await cdp.SendAsync("CSS.enable");
        var document = await cdp.SendAsync("DOM.getDocument");
        var root = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32();
        var result = new List<List<string>>();
        foreach (var selector in selectors)
        {
            var node = await cdp.SendAsync("DOM.querySelector", new() { ["nodeId"] = root, ["selector"] = selector });
            var nodeId = node!.Value.GetProperty("nodeId").GetInt32();
            Assert.True(nodeId != 0, $"Nothing on the page matches {selector}.");
            var fonts = await cdp.SendAsync("CSS.getPlatformFontsForNode", new() { ["nodeId"] = nodeId });
            // One entry per font file: the Arabic and Latin subsets of one family are two.
            result.Add([.. fonts!.Value.GetProperty("fonts").EnumerateArray()
                .Select(f => f.GetProperty("familyName").GetString() + (f.GetProperty("isCustomFont").GetBoolean() ? " (web font)" : " (system)"))
                .Distinct(StringComparer.Ordinal)]);
        }
        await cdp.DetachAsync();
        return result;
    }

    private static async Task<T> MeasureAsync<T>(IPage page, string script, object? argument = null) =>
        JsonSerializer.Deserialize<T>(await page.EvaluateAsync<string>(script, argument), Json)
        ?? throw new InvalidOperationException("The page script returned null.");

    private static async Task SaveScreenshotAsync(IPage page, string name)
    {
        var path = Repo.PathTo("artifacts", "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path });
    }

    private sealed record OverflowItem(string Element, int Left, int Right, string? Container);

    private sealed record OverflowResult(double ScrollWidth, double ClientWidth, List<OverflowItem> Overflowing, List<OverflowItem> Contained);

    private sealed record TextLines(string Selector, string Element, int Lines, double Width, double Height);

    private sealed record Target(string Element, double Left, double Top, double Width, double Height);
}
