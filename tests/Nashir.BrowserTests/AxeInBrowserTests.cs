using System.Globalization;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nashir.Accounts;
using Nashir.Arabic;
using Nashir.Demo;

namespace Nashir.BrowserTests;

/// <summary>
/// axe-core in Chromium on every reader and newsroom page type, on a 360 px phone and on a desktop: no serious or
/// critical violation (contrast, names and labels, landmarks, language and direction, ARIA). Every rule stays on.
/// </summary>
public sealed class AxeInBrowserTests(BrowserSite site, ITestOutputHelper output) : IClassFixture<BrowserSite>
{
    private static readonly string[] Blocking = ["serious", "critical"];

    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task Reader_pages_have_no_serious_or_critical_violations(int width)
    {
        await using var context = await NewContextAsync(width);
        var seed = Slugs.Slugify(DemoContent.SeedHeadline);
        // The seed article carries the demo's approved comment; another demo article has none.
        var other = await site.Factory.WithDbAsync(db => db.Articles.Where(a => a.Slug != seed).OrderBy(a => a.Id).Select(a => a.Slug).FirstAsync());
        var article = NashirFactory.ArticlePath(seed);
        var category = NashirFactory.ListingPath("category", "محليات");

        await AssertNoViolationsAsync(context, width, [
            ("/", 200),
            (NashirFactory.ArticlePath(other), 200),
            (article, 200),
            (article + "?comment=received#comments", 200),
            (article + "?comment=published#comments", 200),
            (article + "?comment=reported#comments", 200),
            (category, 200),
            (category + "?page=abc", 400),
            (NashirFactory.ListingPath("tag", "مصر"), 200),
            (NashirFactory.ListingPath("author", "محرر-نشر-التجريبي"), 200),
            ("/search", 200),
            ("/search?q=" + Uri.EscapeDataString("خبر تجريبي"), 200),
            ("/search?q=" + Uri.EscapeDataString("كسوف"), 200),
            ("/no-such-page", 404),
        ]);
    }

    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task Newsroom_pages_have_no_serious_or_critical_violations(int width)
    {
        var (admin, password) = await site.Factory.CreateUserAsync(Roles.Admin);
        var (articleId, mediaId) = await site.Factory.WithDbAsync(async db => (
            await db.Articles.Where(a => a.Slug == Slugs.Slugify(DemoContent.SeedHeadline)).Select(a => a.Id).FirstAsync(),
            await db.Media.OrderBy(m => m.Id).Select(m => m.Id).FirstAsync()));
        await using var context = await NewContextAsync(width);

        await AssertNoViolationsAsync(context, width, [("/newsroom/login", 200)]);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/newsroom/login");
        await page.Locator("#email").FillAsync(admin.Email!);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "دخول", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/newsroom/login", StringComparison.Ordinal));
        await page.CloseAsync();

        string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
        await AssertNoViolationsAsync(context, width, [
            ("/newsroom", 200),
            ("/newsroom/articles", 200),
            ("/newsroom/articles/new", 200),
            ($"/newsroom/articles/{Id(articleId)}", 200),
            ($"/newsroom/articles/{Id(articleId)}/revisions", 200),
            ($"/newsroom/articles/{Id(articleId)}/delete", 200),
            ("/newsroom/comments?tab=pending", 200),
            ("/newsroom/comments?tab=approved", 200),
            ("/newsroom/comments/words", 200),
            ("/newsroom/media", 200),
            ($"/newsroom/media/{Id(mediaId)}", 200),
            ("/newsroom/wire", 200),
            ("/newsroom/social", 200),
            ("/newsroom/taxonomy", 200),
            ("/newsroom/taxonomy/tags", 200),
            ("/newsroom/taxonomy/authors", 200),
            ("/newsroom/taxonomy/sources", 200),
            ("/newsroom/users", 200),
            ("/newsroom/users/new", 200),
            ($"/newsroom/users/{admin.Id}", 200),
            ("/newsroom/api-keys", 200),
            ("/newsroom/account", 200),
            ("/newsroom/account/two-factor", 200),
            ("/newsroom/audit", 200),
        ]);
    }

    private Task<IBrowserContext> NewContextAsync(int width) => site.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 740 : 900 },
        IsMobile = width < 600,
        HasTouch = width < 600,
    });

    private async Task AssertNoViolationsAsync(IBrowserContext context, int width, IEnumerable<(string Path, int Status)> pages)
    {
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        foreach (var (path, status) in pages)
        {
            var response = await page.GotoAsync(path);
            if (response?.Status != status)
            {
                failures.Add($"{path}: answered {response?.Status} at {page.Url}, expected {status}");
                continue;
            }
            var result = await page.RunAxe();
            foreach (var violation in result.Violations)
            {
                var line = $"{width}px {path}: {violation.Id} ({violation.Impact}) {violation.Help}: "
                    + string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Target + " " + n.Html));
                output.WriteLine(line);
                if (Blocking.Contains(violation.Impact, StringComparer.Ordinal))
                    failures.Add(line);
            }
        }
        await page.CloseAsync();
        Assert.True(failures.Count == 0, "axe-core found serious or critical violations:\n" + string.Join('\n', failures));
    }
}
