using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nashir.Accounts;

namespace Nashir.BrowserTests;

/// <summary>
/// The editor bundle on the real article page, signed in as a writer: the page and the script agree on the
/// contract (textarea, autosave URL, antiforgery token) and the server accepts the autosave.
/// </summary>
public sealed class EditorOnArticlePageTests(EditorBrowser browser, EditorOnArticlePageTests.Site site)
    : IClassFixture<EditorBrowser>, IClassFixture<EditorOnArticlePageTests.Site>
{
    [Fact]
    public async Task New_article_page_mounts_the_editor_and_autosaves_the_draft()
    {
        await using var context = await browser.NewContextAsync(baseUrl: site.BaseAddress);
        var page = await context.NewPageAsync();
        var problems = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            // Chromium asks every page for /favicon.ico, which the newsroom does not have (not this test's concern).
            if (message.Type == "error" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
                problems.Enqueue($"console error: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => problems.Enqueue($"page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                problems.Enqueue($"{response.Status} {response.Url}");
        };
        var user = await SignInAsync(page);

        await page.GotoAsync("/newsroom/articles/new");
        var content = page.Locator(".rich-editor [contenteditable=true]");
        await content.WaitForAsync();
        Assert.False(await page.Locator("textarea#body").IsVisibleAsync());

        await content.ClickAsync();
        await page.Keyboard.TypeAsync("قمة G20 في الرياض");
        // The visibilitychange path, so the test does not wait for the 10 s period.
        await page.EvaluateAsync("""
            () => {
                Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
                document.dispatchEvent(new Event('visibilitychange'));
            }
            """);
        await Assertions.Expect(page.Locator(".rich-editor-status")).ToContainTextAsync("حُفظت المسودة تلقائياً الساعة", new() { Timeout = 10_000 });

        var saved = await site.Factory.WithDbAsync(db => db.ArticleAutosaves.Where(a => a.UserId == user.Id).Select(a => a.Fields).SingleAsync());
        var fields = JsonDocument.Parse(saved).RootElement;
        Assert.Equal("""<p>قمة G20 في الرياض</p>""", fields.GetProperty("Body").GetString());
        Assert.True(problems.IsEmpty, string.Join('\n', problems));
    }

    [Fact]
    public async Task Editor_writes_an_arabic_article_with_an_image_publishes_it_and_finds_it_on_the_home_page()
    {
        await using var context = await browser.NewContextAsync(baseUrl: site.BaseAddress);
        var page = await context.NewPageAsync();
        await SignInAsync(page, Roles.Editor);

        await page.GotoAsync("/newsroom/articles/new");
        await page.Locator("#headline").FillAsync("افتتاح مكتبة الحي بعد ترميمها");
        var content = page.Locator(".rich-editor [contenteditable=true]");
        await content.WaitForAsync();
        await content.ClickAsync();
        await page.Keyboard.TypeAsync("افتُتحت المكتبة اليوم بحضور 200 زائر من سكان الحي.");
        await page.Locator("#lead-upload").SetInputFilesAsync(new FilePayload
        {
            Name = "library.jpg",
            MimeType = "image/jpeg",
            Buffer = Photo(),
        });
        await page.Locator("#lead-caption").FillAsync("قاعة القراءة بعد الترميم");
        await page.Locator("#lead-alt").FillAsync("رفوف كتب في قاعة مضاءة");
        await page.GetByRole(AriaRole.Button, new() { Name = "نشر الآن", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToHaveTextAsync("نُشر المقال.");

        await page.GotoAsync("/");
        var lead = page.Locator(".lead-story");
        await Assertions.Expect(lead.Locator("h2")).ToHaveTextAsync("افتتاح مكتبة الحي بعد ترميمها");
        var image = lead.Locator("picture img");
        await Assertions.Expect(image).ToHaveAttributeAsync("alt", "رفوف كتب في قاعة مضاءة");
        Assert.True(await image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the lead image did not load");

        await lead.Locator("h2 a").ClickAsync();
        await Assertions.Expect(page.Locator(".story-body p").First).ToHaveTextAsync("افتُتحت المكتبة اليوم بحضور 200 زائر من سكان الحي.");
        await Assertions.Expect(page.Locator("figure.lead-image figcaption")).ToContainTextAsync("قاعة القراءة بعد الترميم");
    }

    private static byte[] Photo()
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(900, 600, new SixLabors.ImageSharp.PixelFormats.Rgba32(40, 90, 140));
        using var stream = new MemoryStream();
        SixLabors.ImageSharp.ImageExtensions.SaveAsJpeg(image, stream);
        return stream.ToArray();
    }

    private async Task<NashirUser> SignInAsync(IPage page, string role = Roles.Writer)
    {
        var (user, password) = await site.Factory.CreateUserAsync(role);
        await page.GotoAsync("/newsroom/login");
        await page.Locator("#email").FillAsync(user.Email!);
        await page.Locator("#password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "دخول", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/newsroom/login", StringComparison.Ordinal));
        return user;
    }

    /// <summary>The site on a real socket with an empty database; a writer is created per test.</summary>
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
