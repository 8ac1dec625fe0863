using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Microsoft.Playwright;

namespace Nashir.BrowserTests;

/// <summary>
/// The newsroom's rich-text editor bundle (src/Nashir/Frontend, built into wwwroot/js/editor.js) in Chromium,
/// on a fixture page holding the article form's contract (Fixtures/editor.html). Playwright routes serve the page
/// and the built files and stand in for the autosave endpoint, so no server is involved.
/// </summary>
public sealed partial class EditorInBrowserTests(EditorBrowser browser) : IClassFixture<EditorBrowser>
{
    private const string Origin = "http://newsroom.test";
    // As the real page: the form posts to the article's address, autosave to its Autosave handler.
    private const string EditPath = "/newsroom/articles/7";
    private const string AutosaveQuery = "?handler=Autosave";
    private const string SavedStatus = "حُفظت المسودة تلقائياً الساعة";
    private const string FailedStatus = "تعذر الحفظ التلقائي، سيُعاد المحاولة";
    private const string SavedPage = """<!DOCTYPE html><html lang="ar" dir="rtl"><title>حُفظ</title><p id="saved">حُفظ المقال.</p></html>""";

    [Fact]
    public async Task Editor_replaces_the_textarea_and_keeps_its_content()
    {
        await using var context = await browser.NewContextAsync();
        var editor = await EditorPage.OpenAsync(context);

        Assert.False(await editor.Page.Locator("#body").IsVisibleAsync());
        Assert.Equal(1, await editor.Page.Locator("form#article-form textarea#body[name=Body]").CountAsync());
        Assert.True(await editor.Content.IsVisibleAsync());
        Assert.Equal("rtl", await editor.Page.Locator(".rich-editor").GetAttributeAsync("dir"));
        Assert.Equal(
            """<p>فقرة أولى من المسودة.</p><h2>عنوان فرعي</h2><p>An English line with a <a href="https://example.com/">link</a>.</p>""",
            await editor.BodyAsync());
        Assert.Equal(["rtl", "rtl", "ltr"], await editor.BlockDirectionsAsync());
        Assert.Equal("نص المقال", await editor.Content.EvaluateAsync<string>("el => document.getElementById(el.getAttribute('aria-labelledby')).textContent"));
        Assert.True(editor.Problems.IsEmpty, string.Join('\n', editor.Problems));
    }

    [Fact]
    public async Task Mixed_paragraphs_are_shown_in_the_direction_of_most_of_their_letters()
    {
        await using var context = await browser.NewContextAsync();
        var editor = await EditorPage.OpenAsync(context);

        await editor.ReplaceTextAsync("BBC نقلت عن مصادر مطلعة في 12 يناير.", "قمة G20 في الرياض", "Hello world from الرياض", "2024");

        // The server decides what is stored (BodySanitizer); the editor shows the same directions while the writer types.
        Assert.Equal("""<p>BBC نقلت عن مصادر مطلعة في 12 يناير.</p><p>قمة G20 في الرياض</p><p>Hello world from الرياض</p><p>2024</p>""", await editor.BodyAsync());
        Assert.Equal(["rtl", "rtl", "ltr", "rtl"], await editor.BlockDirectionsAsync());
    }

    [Fact]
    public async Task List_items_and_quotes_take_the_direction_of_their_letters()
    {
        await using var context = await browser.NewContextAsync();
        var editor = await EditorPage.OpenAsync(context);

        await editor.ReplaceTextAsync("قمة G20");
        await editor.Button("قائمة نقطية").ClickAsync();
        await editor.Page.Keyboard.PressAsync("Enter");
        await editor.Page.Keyboard.TypeAsync("Hello world");
        await editor.Page.Keyboard.PressAsync("Enter");
        await editor.Page.Keyboard.PressAsync("Enter");
        await editor.Page.Keyboard.TypeAsync("قال المتحدث");
        await editor.Button("اقتباس").ClickAsync();

        Assert.Equal(
            """<ul><li><p>قمة G20</p></li><li><p>Hello world</p></li></ul>"""
            + """<blockquote><p>قال المتحدث</p></blockquote>""",
            await editor.BodyAsync());
        // The English item runs left to right with its bullet; the Arabic ones and the quote keep theirs on the right.
        Assert.Equal(["rtl", "ltr", "rtl"], await editor.Content.EvaluateAsync<string[]>(
            "el => [...el.querySelectorAll('li, blockquote')].map(e => getComputedStyle(e).direction)"));
        Assert.Equal(["rtl", "ltr", "rtl"], await editor.Content.EvaluateAsync<string[]>(
            "el => [...el.querySelectorAll('li > p, blockquote > p')].map(e => getComputedStyle(e).direction)"));
    }

    [Fact]
    public async Task Bold_and_subheading_buttons_format_the_text_and_show_their_state()
    {
        await using var context = await browser.NewContextAsync();
        var editor = await EditorPage.OpenAsync(context);
        var bold = editor.Button("غامق");
        var subheading = editor.Button("عنوان فرعي");

        await editor.ReplaceTextAsync("خبر عاجل");
        // A text selection, as a writer makes one: TipTap reports marks as inactive on Ctrl+A's whole-document selection.
        await editor.Page.Keyboard.PressAsync("Shift+Home");
        Assert.Equal("false", await bold.GetAttributeAsync("aria-pressed"));
        await bold.ClickAsync();
        Assert.Equal("true", await bold.GetAttributeAsync("aria-pressed"));
        Assert.Equal("""<p><strong>خبر عاجل</strong></p>""", await editor.BodyAsync());

        await subheading.ClickAsync();
        Assert.Equal("true", await subheading.GetAttributeAsync("aria-pressed"));
        Assert.Equal("""<h2><strong>خبر عاجل</strong></h2>""", await editor.BodyAsync());
    }

    [Fact]
    public async Task Toolbar_is_one_tab_stop_and_arrow_keys_move_in_reading_order()
    {
        await using var context = await browser.NewContextAsync();
        var editor = await EditorPage.OpenAsync(context);
        await editor.ReplaceTextAsync("سطر");

        await editor.Page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("غامق", await editor.FocusedLabelAsync());
        Assert.NotEqual("none", await editor.Page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        // Right to left: the next button sits to the left.
        await editor.Page.Keyboard.PressAsync("ArrowLeft");
        Assert.Equal("عنوان فرعي", await editor.FocusedLabelAsync());
        await editor.Page.Keyboard.PressAsync("Enter");

        Assert.Equal("""<h2>سطر</h2>""", await editor.BodyAsync());
        Assert.Equal(1, await editor.Page.Locator(".rich-editor-toolbar button[tabindex='0']").CountAsync());
    }

    [Fact]
    public async Task Link_button_accepts_web_addresses_only()
    {
        await using var context = await browser.NewContextAsync();
        var editor = await EditorPage.OpenAsync(context);
        var answer = "javascript:alert(1)";
        editor.Page.Dialog += async (_, dialog) =>
        {
            if (dialog.Type == DialogType.Prompt)
                await dialog.AcceptAsync(answer);
            else
                await dialog.DismissAsync();
        };
        await editor.ReplaceTextAsync("المصدر");
        await editor.Page.Keyboard.PressAsync("Shift+Home");

        await editor.Button("رابط").ClickAsync();
        Assert.Equal("""<p>المصدر</p>""", await editor.BodyAsync());

        answer = "https://example.org/story";
        await editor.Button("رابط").ClickAsync();
        Assert.Equal("""<p><a href="https://example.org/story">المصدر</a></p>""", await editor.BodyAsync());

        await editor.Button("إزالة الرابط").ClickAsync();
        Assert.Equal("""<p>المصدر</p>""", await editor.BodyAsync());
    }

    [Fact]
    public async Task Autosave_posts_the_whole_form_after_a_change_and_only_then()
    {
        await using var context = await browser.NewContextAsync();
        var editor = await EditorPage.OpenAsync(context);

        // The fixture autosaves every 300 ms; nothing changed yet, so nothing is sent.
        await Task.Delay(1000);
        Assert.Empty(editor.Autosaves);

        await editor.ReplaceTextAsync("قمة G20 في الرياض");
        // Typing takes longer than the fixture's period, so earlier saves may hold part of the line.
        var post = await editor.AutosaveAsync(form => form["Body"] == """<p>قمة G20 في الرياض</p>""");
        await editor.WaitForStatusAsync(SavedStatus);

        Assert.Equal("test-antiforgery-token", post["__RequestVerificationToken"]);
        Assert.Equal("قمة العشرين", post["Headline"]);
        Assert.Matches(SavedAtPattern(), await editor.Status.TextContentAsync());
        Assert.Equal("polite", await editor.Status.GetAttributeAsync("aria-live"));

        var count = editor.Autosaves.Count;
        await Task.Delay(1000);
        Assert.Equal(count, editor.Autosaves.Count);
    }

    [Fact]
    public async Task Failed_autosave_says_so_and_is_retried()
    {
        await using var context = await browser.NewContextAsync();
        var editor = await EditorPage.OpenAsync(context, autosaveStatus: 500);

        await editor.ReplaceTextAsync("نص لم يُحفظ");
        await editor.AutosaveAsync(_ => true);
        await editor.WaitForStatusAsync(FailedStatus);

        editor.AutosaveStatus = 204;
        await editor.WaitForStatusAsync(SavedStatus);
        Assert.True(editor.Autosaves.Count >= 2);
    }

    [Fact]
    public async Task Leaving_with_unsaved_changes_asks_first_but_submitting_does_not()
    {
        await using var context = await browser.NewContextAsync();
        var editor = await EditorPage.OpenAsync(context, autosaveStatus: 500);
        var beforeUnload = 0;
        editor.Page.Dialog += async (_, dialog) =>
        {
            if (dialog.Type == DialogType.BeforeUnload)
                Interlocked.Increment(ref beforeUnload);
            await dialog.DismissAsync();
        };
        await editor.ReplaceTextAsync("تعديل لم يُحفظ");

        // Dismissing the dialog keeps the page: leaving was asked about.
        await editor.Page.EvaluateAsync("() => { location.href = '/elsewhere'; }");
        await editor.Page.WaitForTimeoutAsync(300);
        Assert.Equal(1, Volatile.Read(ref beforeUnload));
        Assert.Equal(Origin + EditPath, editor.Page.Url);

        await editor.Page.GetByRole(AriaRole.Button, new() { Name = "حفظ", Exact = true }).ClickAsync();
        await editor.Page.Locator("#saved").WaitForAsync();
        Assert.Equal(1, Volatile.Read(ref beforeUnload));
        var submitted = Assert.Single(editor.Submissions);
        Assert.Equal("""<p>تعديل لم يُحفظ</p>""", submitted["Body"]);
    }

    [Fact]
    public async Task Body_with_an_image_stays_in_the_plain_textarea_and_still_autosaves()
    {
        const string body = """<p>نص الخبر</p><figure><img src="/media/a.jpg" alt="صورة"><figcaption>تعليق</figcaption></figure>""";
        await using var context = await browser.NewContextAsync();
        var editor = await EditorPage.OpenAsync(context, waitForEditor: false, body: body);
        var textarea = editor.Page.Locator("textarea#body");
        await editor.Page.Locator(".rich-editor-notice").WaitForAsync();

        Assert.True(await textarea.IsVisibleAsync());
        Assert.Equal(0, await editor.Page.Locator("[contenteditable]").CountAsync());
        Assert.Equal(body, await textarea.InputValueAsync());

        await textarea.FocusAsync();
        await editor.Page.Keyboard.PressAsync("Control+End");
        await editor.Page.Keyboard.TypeAsync("<p>إضافة</p>");
        await editor.AutosaveAsync(form => form["Body"] == body + "<p>إضافة</p>");
        await editor.WaitForStatusAsync(SavedStatus);
        Assert.True(editor.Problems.IsEmpty, string.Join('\n', editor.Problems));
    }

    [Fact]
    public async Task Without_javascript_the_textarea_is_the_editor()
    {
        await using var context = await browser.NewContextAsync(javaScript: false);
        var editor = await EditorPage.OpenAsync(context, waitForEditor: false);

        Assert.True(await editor.Page.Locator("textarea#body").IsVisibleAsync());
        Assert.Equal(0, await editor.Page.Locator("[contenteditable]").CountAsync());
        Assert.StartsWith("<p>فقرة أولى", await editor.Page.Locator("textarea#body").InputValueAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^حُفظت المسودة تلقائياً الساعة \d\d:\d\d$")]
    private static partial Regex SavedAtPattern();

    /// <summary>The fixture page in one browser context, with what it sent to the stand-in server.</summary>
    private sealed class EditorPage
    {
        private EditorPage(IPage page) => Page = page;

        public IPage Page { get; }
        public ILocator Content => Page.Locator(".rich-editor [contenteditable=true]");
        public ILocator Status => Page.Locator(".rich-editor-status");
        public ConcurrentQueue<Dictionary<string, string>> Autosaves { get; } = new();
        public ConcurrentQueue<Dictionary<string, string>> Submissions { get; } = new();
        public ConcurrentQueue<string> Problems { get; } = new();
        public int AutosaveStatus { get; set; } = 204;

        private string? _body;

        /// <summary>Opens the fixture page; <paramref name="body"/> replaces the stored body the page starts with.</summary>
        public static async Task<EditorPage> OpenAsync(IBrowserContext context, int autosaveStatus = 204, bool waitForEditor = true, string? body = null)
        {
            var editor = new EditorPage(await context.NewPageAsync()) { AutosaveStatus = autosaveStatus, _body = body };
            await context.RouteAsync("**/*", editor.ServeAsync);
            editor.Page.Console += (_, message) =>
            {
                if (message.Type == "error")
                    editor.Problems.Enqueue($"console error: {message.Text}");
            };
            editor.Page.PageError += (_, error) => editor.Problems.Enqueue($"page error: {error}");

            var response = await editor.Page.GotoAsync(EditPath);
            Assert.Equal(200, response?.Status);
            if (waitForEditor)
                await editor.Content.WaitForAsync();
            return editor;
        }

        public ILocator Button(string label) => Page.GetByRole(AriaRole.Button, new() { Name = label, Exact = true });

        public Task<string> BodyAsync() => Page.Locator("#body").InputValueAsync();

        public Task<string[]> BlockDirectionsAsync() =>
            Content.EvaluateAsync<string[]>("el => [...el.children].map(child => getComputedStyle(child).direction)");

        public Task<string> FocusedLabelAsync() => Page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label')");

        /// <summary>Replaces the whole body by typing, one paragraph per argument, as a writer would.</summary>
        public async Task ReplaceTextAsync(params string[] paragraphs)
        {
            await Content.ClickAsync();
            await Page.Keyboard.PressAsync("Control+A");
            await Page.Keyboard.PressAsync("Backspace");
            for (var i = 0; i < paragraphs.Length; i++)
            {
                if (i > 0)
                    await Page.Keyboard.PressAsync("Enter");
                await Page.Keyboard.TypeAsync(paragraphs[i]);
            }
        }

        /// <summary>The first autosaved form that matches, waiting up to 10 s for it.</summary>
        public async Task<Dictionary<string, string>> AutosaveAsync(Func<Dictionary<string, string>, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (Autosaves.FirstOrDefault(match) is { } form)
                    return form;
                await Task.Delay(50);
            }
            throw new TimeoutException("No matching autosave within 10 s; bodies sent: " + string.Join(" | ", Autosaves.Select(f => f.GetValueOrDefault("Body"))));
        }

        public Task WaitForStatusAsync(string text) =>
            Assertions.Expect(Status).ToContainTextAsync(text, new() { Timeout = 10_000 });

        private async Task ServeAsync(IRoute route)
        {
            try
            {
                await RespondAsync(route);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or FormatException)
            {
                // An unanswered route would hang the page until the test times out.
                Problems.Enqueue($"stand-in server failed on {route.Request.Method} {route.Request.Url}: {e.Message}");
                await route.AbortAsync();
            }
        }

        private async Task RespondAsync(IRoute route)
        {
            var request = route.Request;
            var url = new Uri(request.Url);
            var path = url.AbsolutePath;
            switch (request.Method, path)
            {
                case ("GET", EditPath):
                    await route.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", Body = await FixtureAsync() });
                    break;
                case ("GET", _) when path.StartsWith("/js/", StringComparison.Ordinal) || path.StartsWith("/css/", StringComparison.Ordinal):
                    await ServeBuiltFileAsync(route, path);
                    break;
                case ("POST", EditPath) when url.Query == AutosaveQuery:
                    Autosaves.Enqueue(await ReadFormAsync(request));
                    await route.FulfillAsync(new() { Status = AutosaveStatus });
                    break;
                case ("POST", EditPath):
                    Submissions.Enqueue(await ReadFormAsync(request));
                    await route.FulfillAsync(new() { Status = 200, ContentType = "text/html; charset=utf-8", Body = SavedPage });
                    break;
                default:
                    Problems.Enqueue($"unexpected request: {request.Method} {request.Url}");
                    await route.AbortAsync();
                    break;
            }
        }

        private async Task<string> FixtureAsync()
        {
            var html = await File.ReadAllTextAsync(Repo.PathTo("tests", "Nashir.BrowserTests", "Fixtures", "editor.html"));
            if (_body is null)
                return html;
            var start = html.IndexOf('>', html.IndexOf("<textarea id=\"body\"", StringComparison.Ordinal)) + 1;
            var end = html.IndexOf("</textarea>", start, StringComparison.Ordinal);
            return string.Concat(html.AsSpan(0, start), WebUtility.HtmlEncode(_body), html.AsSpan(end));
        }

        private async Task ServeBuiltFileAsync(IRoute route, string path)
        {
            var file = Repo.PathTo(["src", "Nashir", "wwwroot", .. path.TrimStart('/').Split('/')]);
            if (!File.Exists(file))
            {
                Problems.Enqueue($"missing file: {path}");
                await route.FulfillAsync(new() { Status = 404 });
                return;
            }
            var type = path.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            await route.FulfillAsync(new() { Status = 200, ContentType = type, Path = file });
        }

        private static async Task<Dictionary<string, string>> ReadFormAsync(IRequest request)
        {
            var contentType = MediaTypeHeaderValue.Parse(await request.HeaderValueAsync("content-type") ?? "");
            var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value
                ?? throw new InvalidOperationException($"Not a multipart form: {contentType}");
            var reader = new MultipartReader(boundary, new MemoryStream(request.PostDataBuffer ?? []));
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            while (await reader.ReadNextSectionAsync() is { } section)
            {
                if (section.AsFormDataSection() is { } field)
                    fields[field.Name] = await field.GetValueAsync();
            }
            return fields;
        }
    }
}
