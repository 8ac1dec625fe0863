using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nashir.Accounts;

namespace Nashir.BrowserTests;

/// <summary>
/// A reader comments in Chromium under the default pre-moderation, a moderator publishes it from the queue in
/// another browser context, and the reader then finds it under the article. The form also works without JavaScript.
/// </summary>
public sealed class CommentsInBrowserTests(EditorBrowser browser, CommentsInBrowserTests.Site site)
    : IClassFixture<EditorBrowser>, IClassFixture<CommentsInBrowserTests.Site>
{
    private const string Received = "تم استلام تعليقك وسيظهر بعد المراجعة.";

    [Fact]
    public async Task Reader_comment_waits_for_a_moderator_and_then_shows_under_the_article()
    {
        await using var readerContext = await browser.NewContextAsync(baseUrl: site.BaseAddress);
        var article = await site.Factory.PublishAsync("افتتاح سوق الكتاب في صنعاء");
        var path = NashirFactory.ArticlePath(article.Slug);
        const string name = "سلمى";
        const string subject = "تنظيم جيد";
        const string text = "أعجبني تنظيم معرض Sanaa Book Fair هذا العام، وزرته 3 مرات.";

        var reader = await readerContext.NewPageAsync();
        await reader.GotoAsync(path);
        await reader.GetByLabel("الاسم", new() { Exact = true }).FillAsync(name);
        await reader.GetByLabel("موضوع التعليق", new() { Exact = true }).FillAsync(subject);
        await reader.GetByLabel("النص", new() { Exact = true }).FillAsync(text);
        await reader.GetByRole(AriaRole.Button, new() { Name = "إرسال التعليق", Exact = true }).ClickAsync();

        await Assertions.Expect(reader.Locator(".notice")).ToHaveTextAsync(Received);
        await Assertions.Expect(reader.Locator(".comment-list")).ToHaveCountAsync(0);
        await Assertions.Expect(reader.GetByText(text)).ToHaveCountAsync(0);

        await using var moderatorContext = await browser.NewContextAsync(baseUrl: site.BaseAddress);
        var moderator = await moderatorContext.NewPageAsync();
        await SignInAsync(moderator, Roles.Moderator);
        await moderator.GotoAsync("/newsroom/comments");
        var row = moderator.Locator("#bulk-form tbody tr", new() { HasText = text });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.Locator("input[name=ids]").CheckAsync();
        await moderator.GetByRole(AriaRole.Button, new() { Name = "نشر المحدد", Exact = true }).ClickAsync();
        await Assertions.Expect(moderator.Locator("#bulk-form tbody tr", new() { HasText = text })).ToHaveCountAsync(0);

        await reader.ReloadAsync();
        var comment = reader.Locator(".comment-list li.comment");
        await Assertions.Expect(comment).ToHaveCountAsync(1);
        await Assertions.Expect(comment.Locator(".comment-name")).ToHaveTextAsync(name);
        await Assertions.Expect(comment.Locator(".comment-subject")).ToHaveTextAsync(subject);
        await Assertions.Expect(comment.Locator(".comment-text")).ToHaveTextAsync(text);
        await Assertions.Expect(comment.Locator(".comment-text")).ToHaveAttributeAsync("dir", "auto");
        await Assertions.Expect(reader.Locator(".comment-count")).ToContainTextAsync("تعليق");
    }

    [Fact]
    public async Task Comment_form_works_without_javascript()
    {
        await using var context = await browser.NewContextAsync(javaScript: false, baseUrl: site.BaseAddress);
        var article = await site.Factory.PublishAsync("خبر يُقرأ بلا جافاسكربت");
        const string text = "تعليق من متصفح بلا JavaScript عن 2 من القرارات.";

        var page = await context.NewPageAsync();
        await page.GotoAsync(NashirFactory.ArticlePath(article.Slug));
        await page.GetByLabel("الاسم", new() { Exact = true }).FillAsync("قارئ بلا سكربت");
        await page.GetByLabel("النص", new() { Exact = true }).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "إرسال التعليق", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync(Received);
        var saved = await site.Factory.WithDbAsync(db => db.Comments.Where(c => c.ArticleId == article.Id).Select(c => c.Text).ToListAsync());
        Assert.Equal([text], saved);
    }

    private async Task SignInAsync(IPage page, string role)
    {
        var (user, password) = await site.Factory.CreateUserAsync(role);
        await page.GotoAsync("/newsroom/login");
        await page.Locator("#email").FillAsync(user.Email!);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "دخول", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/newsroom/login", StringComparison.Ordinal));
    }

    /// <summary>The site on a real socket with an empty database and the default comment mode (pre-moderated).</summary>
    public sealed class Site : IAsyncLifetime
    {
        private NashirFactory? _factory;

        public NashirFactory Factory => _factory ?? throw new InvalidOperationException("The site has not started.");
        public string BaseAddress { get; private set; } = "http://127.0.0.1/";

        public ValueTask InitializeAsync()
        {
            if (!File.Exists(BrowserSite.ChromiumPath))
                return ValueTask.CompletedTask;
            _factory = new NashirFactory();
            _factory.UseKestrel(0);
            _factory.StartServer();
            var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            BaseAddress = address.EndsWith('/') ? address : address + "/";
            return ValueTask.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            if (_factory is not null)
                await _factory.DisposeAsync();
        }
    }
}
