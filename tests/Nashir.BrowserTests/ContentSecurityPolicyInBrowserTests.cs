using System.Collections.Concurrent;
using Microsoft.Playwright;
using Nashir.Accounts;
using Nashir.Arabic;
using Nashir.Demo;

namespace Nashir.BrowserTests;

/// <summary>
/// Every page type in Chromium with the site's Content-Security-Policy and Permissions-Policy in force: the browser
/// reports no violation (a <c>securitypolicyviolation</c> event or a console message), and the pages' scripts still
/// work — the search box's suggestions, the share button, the editor and its toolbar.
/// </summary>
public sealed class ContentSecurityPolicyInBrowserTests(BrowserSite site) : IClassFixture<BrowserSite>
{
    // Listens before any of the page's own scripts run, so a violation during parsing is seen too.
    private const string ViolationListener = """
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e => window.__violations.push(
            `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`), true);
        """;

    public static TheoryData<string> ReaderPages =>
    [
        "/",
        NashirFactory.ArticlePath(Slugs.Slugify(DemoContent.SeedHeadline)),
        NashirFactory.ListingPath("category", "محليات"),
        NashirFactory.ListingPath("tag", "مصر"),
        NashirFactory.ListingPath("author", "محرر-نشر-التجريبي"),
        "/search",
        "/search?q=" + Uri.EscapeDataString("بريطانيا"),
        "/no-such-page",
        "/newsroom/login",
    ];

    public static TheoryData<string> NewsroomPages =>
    [
        "/newsroom",
        "/newsroom/articles",
        "/newsroom/articles/new",
        "/newsroom/articles/1",
        "/newsroom/articles/1/revisions",
        "/newsroom/media",
        "/newsroom/comments",
        "/newsroom/comments/words",
        "/newsroom/taxonomy",
        "/newsroom/wire",
        "/newsroom/social",
        "/newsroom/account",
        "/newsroom/account/two-factor",
        "/newsroom/users/new",
        "/newsroom/taxonomy/tags",
        "/newsroom/articles/1/delete",
        "/newsroom/users",
        "/newsroom/audit",
        "/newsroom/api-keys",
    ];

    [Theory]
    [MemberData(nameof(ReaderPages))]
    public async Task Reader_pages_load_without_a_policy_violation(string path)
    {
        await using var context = await site.NewContextAsync(new BrowserNewContextOptions());
        var watched = await WatchedPageAsync(context);

        await OpenAsync(watched, path);

        await AssertNoViolationsAsync(watched);
    }

    [Theory]
    [MemberData(nameof(NewsroomPages))]
    public async Task Newsroom_pages_load_without_a_policy_violation(string path)
    {
        await using var context = await site.NewContextAsync(new BrowserNewContextOptions());
        var watched = await WatchedPageAsync(context);
        await SignInAsync(watched, Roles.Admin);

        await OpenAsync(watched, path);

        await AssertNoViolationsAsync(watched);
    }

    [Fact]
    public async Task Article_bodies_show_remote_pictures_and_allowed_embeds_under_the_policy()
    {
        // Stand-ins answer in place of the remote hosts: nothing leaves the machine, and a load the policy refused
        // would never reach them.
        var sanitized = new Nashir.Articles.BodySanitizer().Sanitize(
            """
            <p>فيديو المؤتمر:</p>
            <iframe src="https://www.youtube.com/embed/nashir-test" width="560" height="315" allowfullscreen></iframe>
            <figure><img src="https://pictures.example/agency.png" alt="صورة الوكالة" width="40" height="30"></figure>
            <p><img src="http://pictures.example/old.png" alt="صورة قديمة" width="40" height="30"></p>
            """);
        Assert.Contains("<iframe", sanitized, StringComparison.Ordinal);
        var article = await site.Factory.PublishAsync("خبر فيه تضمين وصور من الوكالة", body: sanitized);
        await using var context = await site.NewContextAsync(new BrowserNewContextOptions());
        var reached = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        await context.RouteAsync("https://www.youtube.com/**", route =>
        {
            reached[route.Request.Url] = true;
            return route.FulfillAsync(new() { ContentType = "text/html", Body = "<!DOCTYPE html><title>player</title>" });
        });
        await context.RouteAsync("*://pictures.example/**", route =>
        {
            reached[route.Request.Url] = true;
            return route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = Png });
        });
        var watched = await WatchedPageAsync(context);

        await OpenAsync(watched, NashirFactory.ArticlePath(article.Slug));
        await watched.Page.EvaluateAsync(PageScripts.LoadLazyImages);
        await Assertions.Expect(watched.Page.FrameLocator(".story-body iframe").Locator("title")).ToHaveCountAsync(1);

        Assert.Equal(["http://pictures.example/old.png", "https://pictures.example/agency.png", "https://www.youtube.com/embed/nashir-test"],
            reached.Keys.Order(StringComparer.Ordinal));
        Assert.True(await watched.Page.Locator(".story-body img[alt='صورة الوكالة']").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        await AssertNoViolationsAsync(watched);
    }

    // A 1×1 transparent PNG.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Fact]
    public async Task Search_suggestions_work_under_the_policy()
    {
        await using var context = await site.NewContextAsync(new BrowserNewContextOptions());
        await site.SearchCaughtUpAsync();
        var watched = await WatchedPageAsync(context);
        var page = watched.Page;
        await OpenAsync(watched, "/");

        var box = page.GetByRole(AriaRole.Combobox, new() { Name = "ابحث في الأخبار", Exact = true });
        await box.PressSequentiallyAsync("بريطانيا", new() { Delay = 20 });

        await Assertions.Expect(page.Locator("#site-search-q-suggestions").GetByRole(AriaRole.Option).First).ToBeVisibleAsync();
        await AssertNoViolationsAsync(watched);
    }

    [Fact]
    public async Task Share_button_copies_the_link_under_the_policy()
    {
        await using var context = await site.NewContextAsync(new BrowserNewContextOptions { Permissions = ["clipboard-read", "clipboard-write"] });
        var watched = await WatchedPageAsync(context);
        var page = watched.Page;
        await OpenAsync(watched, NashirFactory.ArticlePath(Slugs.Slugify(DemoContent.SeedHeadline)));

        var copy = page.Locator("a[data-copy-link]");
        await copy.ClickAsync();

        await Assertions.Expect(copy).ToHaveTextAsync("تم نسخ الرابط");
        Assert.EndsWith(NashirFactory.ArticlePath(Slugs.Slugify(DemoContent.SeedHeadline)), await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"), StringComparison.Ordinal);
        await AssertNoViolationsAsync(watched);
    }

    [Fact]
    public async Task Editor_and_its_toolbar_work_under_the_policy()
    {
        await using var context = await site.NewContextAsync(new BrowserNewContextOptions());
        var watched = await WatchedPageAsync(context);
        var page = watched.Page;
        await SignInAsync(watched, Roles.Writer);
        await OpenAsync(watched, "/newsroom/articles/new");

        var content = page.Locator(".rich-editor [contenteditable=true]");
        await content.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "عنوان فرعي", Exact = true }).ClickAsync();
        await page.Keyboard.TypeAsync("عنوان داخل الخبر");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("فقرة كتبت في المحرر.");

        await Assertions.Expect(content.Locator("h2")).ToHaveTextAsync("عنوان داخل الخبر");
        Assert.Equal("<h2>عنوان داخل الخبر</h2><p>فقرة كتبت في المحرر.</p>", await page.Locator("textarea#body").InputValueAsync());
        await AssertNoViolationsAsync(watched);
    }

    /// <summary>A page and what Chromium said about it: policy violations reach the console too ("Refused to …").</summary>
    private sealed record Watched(IPage Page, ConcurrentQueue<string> Problems);

    private static async Task<Watched> WatchedPageAsync(IBrowserContext context)
    {
        await context.AddInitScriptAsync(ViolationListener);
        var page = await context.NewPageAsync();
        var problems = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            var text = message.Text;
            if (text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                || text.Contains("Permissions-Policy", StringComparison.OrdinalIgnoreCase)
                || text.Contains("Permissions policy", StringComparison.OrdinalIgnoreCase)
                || text.Contains("Refused to", StringComparison.Ordinal))
                problems.Enqueue($"console {message.Type}: {text} ({message.Location})");
        };
        page.PageError += (_, error) => problems.Enqueue($"page error: {error}");
        return new Watched(page, problems);
    }

    private static async Task OpenAsync(Watched watched, string path)
    {
        var response = await watched.Page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
        // The test means something only while the policy is really on.
        Assert.NotNull(response);
        Assert.True(response.Ok || path == "/no-such-page", $"{path} answered {response.Status}");
        var headers = await response.AllHeadersAsync();
        Assert.Contains("script-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
    }

    private static async Task AssertNoViolationsAsync(Watched watched)
    {
        var violations = await watched.Page.EvaluateAsync<string[]>("() => window.__violations");
        Assert.True(violations.Length == 0 && watched.Problems.IsEmpty,
            $"{watched.Page.Url}:\n{string.Join('\n', violations.Concat(watched.Problems))}");
    }

    private async Task SignInAsync(Watched watched, string role)
    {
        var page = watched.Page;
        var (user, password) = await site.Factory.CreateUserAsync(role);
        await page.GotoAsync("/newsroom/login");
        await page.Locator("#email").FillAsync(user.Email!);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "دخول", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/newsroom/login", StringComparison.Ordinal));
    }
}
