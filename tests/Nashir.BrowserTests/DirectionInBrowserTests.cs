using Microsoft.Playwright;
using Nashir.Accounts;
using Nashir.Articles;

namespace Nashir.BrowserTests;

/// <summary>
/// Paragraphs mixing Arabic and Latin, laid out by Chromium: one that begins with a Latin word but is mostly Arabic
/// runs right to left with its full stop at the left end; one that is mostly English runs left to right. On the public
/// page (a body saved with <c>dir="auto"</c> before the rule, given its directions when read) and on the revision diff.
/// </summary>
public sealed class DirectionInBrowserTests(EditorBrowser browser, EditorOnArticlePageTests.Site site)
    : IClassFixture<EditorBrowser>, IClassFixture<EditorOnArticlePageTests.Site>
{
    private const string Arabic = "BBC نقلت عن مصادر مطلعة في 12 يناير.";
    private const string English = "The talks will resume in Riyadh, said الوكالة.";

    // The direction of the element, and where its first and last visible characters are drawn.
    private const string Measure = """
        el => {
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            const nodes = [];
            while (walker.nextNode()) if (walker.currentNode.textContent.trim()) nodes.push(walker.currentNode);
            const rect = (node, i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
            const first = nodes[0], last = nodes[nodes.length - 1];
            const a = rect(first, first.textContent.search(/\S/)), b = rect(last, last.textContent.trimEnd().length - 1);
            return { direction: getComputedStyle(el).direction, firstLeft: a.left, lastLeft: b.left, lines: Math.round(Math.abs(b.top - a.top)) };
        }
        """;

    private sealed class Layout
    {
        public string Direction { get; set; } = "";
        public double FirstLeft { get; set; }
        public double LastLeft { get; set; }
        public int Lines { get; set; }
    }

    [Fact]
    public async Task Public_page_lays_out_an_arabic_paragraph_that_starts_in_latin_right_to_left()
    {
        var article = await site.Factory.PublishAsync("خبر بفقرات مختلطة", body: $"""<p dir="auto">{Arabic}</p><p dir="auto">{English}</p>""");
        await using var context = await browser.NewContextAsync(baseUrl: site.BaseAddress);
        var page = await context.NewPageAsync();
        await page.GotoAsync(NashirFactory.ArticlePath(article.Slug));

        await AssertLaidOutAsync(page.Locator(".story-body p").Nth(0), page.Locator(".story-body p").Nth(1));
    }

    [Fact]
    public async Task Revision_diff_lays_out_each_line_by_its_letters()
    {
        var article = await site.Factory.PublishAsync("خبر بنسختين", body: $"<p>{Arabic}</p>", configure: a => a.Version = 2);
        await site.Factory.WithDbAsync(async db =>
        {
            db.ArticleRevisions.AddRange(
                new ArticleRevision { ArticleId = article.Id, Version = 1, Headline = article.Headline, Body = "<p>نص أول.</p>", UserName = "محرر" },
                new ArticleRevision { ArticleId = article.Id, Version = 2, Headline = article.Headline, Body = $"<p dir=\"auto\">{Arabic}</p><p dir=\"auto\">{English}</p>", UserName = "محرر" });
            await db.SaveChangesAsync();
        });
        await using var context = await browser.NewContextAsync(baseUrl: site.BaseAddress);
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        await page.GotoAsync($"/newsroom/articles/{article.Id}/revisions?version=2");

        var after = page.Locator("table.diff tbody tr td:nth-child(2)");
        await AssertLaidOutAsync(after.Filter(new() { HasText = "BBC" }), after.Filter(new() { HasText = "Riyadh" }));
    }

    private static async Task AssertLaidOutAsync(ILocator arabic, ILocator english)
    {
        var rtl = await arabic.EvaluateAsync<Layout>(Measure);
        Assert.Equal("rtl", rtl.Direction);
        Assert.Equal(0, rtl.Lines); // one line, so left and right compare within it
        // Right to left: "BBC" at the right end, the full stop at the left end.
        Assert.True(rtl.LastLeft < rtl.FirstLeft, $"The full stop ({rtl.LastLeft}) is not left of the first letter ({rtl.FirstLeft}).");

        var ltr = await english.EvaluateAsync<Layout>(Measure);
        Assert.Equal("ltr", ltr.Direction);
        Assert.Equal(0, ltr.Lines);
        Assert.True(ltr.LastLeft > ltr.FirstLeft, $"The full stop ({ltr.LastLeft}) is not right of the first letter ({ltr.FirstLeft}).");
    }

    private async Task SignInAsync(IPage page)
    {
        var (user, password) = await site.Factory.CreateUserAsync(Roles.Editor);
        await page.GotoAsync("/newsroom/login");
        await page.Locator("#email").FillAsync(user.Email!);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "دخول", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/newsroom/login", StringComparison.Ordinal));
    }
}
