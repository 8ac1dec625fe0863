using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nashir.Accounts;
using Nashir.Comments;

namespace Nashir.BrowserTests.Security;

/// <summary>
/// The XSS filter-evasion list (Security/xss-payloads.txt) typed into every field the newsroom and readers fill in,
/// through the real forms, then every page that shows those fields opened in Chromium with a trap: the payloads
/// call <c>__xss()</c> or <c>alert()</c>, both report to the test, and no page may call either or open a dialog.
/// Everything is seeded once and each page type is loaded once (the long fields hold all the payloads; the short
/// ones take the list in turns across the articles). Each page is checked twice: with the site's
/// Content-Security-Policy switched off in the browser, so the sanitizer and the encoding alone must hold, and with it
/// on, where a script the policy had to block (reported to the page and in the console) fails the test as well.
/// </summary>
public sealed class XssInBrowserTests(EditorBrowser browser, XssInBrowserTests.Site site, ITestOutputHelper output)
    : IClassFixture<EditorBrowser>, IClassFixture<XssInBrowserTests.Site>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reader_pages_run_no_injected_script(bool csp)
    {
        site.SkipWithoutChromium();
        await using var context = await browser.NewContextAsync(baseUrl: site.BaseAddress, bypassCsp: !csp);
        var trap = await Trap.SetAsync(context);

        var pages = new List<string> { "/" };
        pages.AddRange(site.ArticlePaths);
        pages.AddRange(site.ListingPaths);
        pages.AddRange(site.SearchPaths);

        await AssertNothingRanAsync(context, trap, pages);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Newsroom_pages_run_no_injected_script(bool csp)
    {
        site.SkipWithoutChromium();
        await using var context = await browser.NewContextAsync(baseUrl: site.BaseAddress, bypassCsp: !csp);
        var trap = await Trap.SetAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/newsroom/login");
        await page.Locator("#email").FillAsync(site.AdminEmail);
        await page.Locator("#password").FillAsync(site.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "دخول", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/newsroom/login", StringComparison.Ordinal));
        await page.CloseAsync();

        await AssertNothingRanAsync(context, trap, site.NewsroomPaths);
    }

    [Theory]
    [InlineData("rss")]
    [InlineData("atom")]
    public async Task Feed_items_run_no_script_in_a_feed_reader(string kind)
    {
        site.SkipWithoutChromium();
        using var client = site.NewClient();
        var xml = XDocument.Parse(await client.GetStringAsync(kind == "rss" ? "/feed" : "/feed/atom", TestContext.Current.CancellationToken));
        // What a feed reader shows as HTML: RSS description and content:encoded, Atom's html texts. Atom's
        // type="text" is shown as text, so it is escaped here as a reader would.
        XNamespace atom = "http://www.w3.org/2005/Atom";
        XNamespace content = "http://purl.org/rss/1.0/modules/content/";
        var shown = kind == "rss"
            ? xml.Descendants("item").SelectMany(i => i.Elements("description").Concat(i.Elements(content + "encoded"))).Select(e => e.Value)
            : xml.Descendants(atom + "entry").SelectMany(e => e.Elements(atom + "summary").Concat(e.Elements(atom + "content")).Concat(e.Elements(atom + "title")))
                .Select(e => (string?)e.Attribute("type") is "html" or "xhtml" ? e.Value : WebUtility.HtmlEncode(e.Value));
        var items = shown.ToList();
        Assert.NotEmpty(items);

        await using var context = await browser.NewContextAsync(baseUrl: site.BaseAddress);
        var trap = await Trap.SetAsync(context);
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<!doctype html><html><body>" + string.Join("<hr>", items) + "</body></html>");
        await page.EvaluateAsync(Trap.Settle);

        Assert.True(trap.Hits.IsEmpty, $"{kind} items ran script in a feed reader: {string.Join(", ", trap.Hits)}");
    }

    private async Task AssertNothingRanAsync(IBrowserContext context, Trap trap, IEnumerable<string> paths)
    {
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        foreach (var path in paths)
        {
            trap.Hits.Clear();
            var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
            await page.EvaluateAsync(Trap.Settle);
            var status = response?.Status ?? 0;
            if (status != 200)
                failures.Add($"{path}: answered {status}");
            if (!trap.Hits.IsEmpty)
                failures.Add($"{path}: ran {string.Join(", ", trap.Hits.Distinct())}");
            if (!page.Url.EndsWith(path, StringComparison.Ordinal) && !Uri.UnescapeDataString(page.Url).EndsWith(Uri.UnescapeDataString(path), StringComparison.Ordinal))
                failures.Add($"{path}: the page went to {page.Url}");
        }
        output.WriteLine($"{paths.Count()} pages checked.");
        Assert.True(failures.Count == 0, "Injected script ran:\n" + string.Join('\n', failures));
    }

    /// <summary>
    /// __xss() and the dialog functions report here, from every frame; so does any dialog that still opens, and any
    /// script, plugin, frame, base or form target the Content-Security-Policy had to refuse (its event and its console
    /// message). Pictures and styles the policy refuses are not script and are left to the policy.
    /// </summary>
    private sealed class Trap
    {
        private static readonly string[] ScriptDirectives = ["script-src", "object-src", "frame-src", "child-src", "worker-src", "base-uri", "form-action"];

        public System.Collections.Concurrent.ConcurrentBag<string> Hits { get; } = [];

        // After the load event (images have failed by then), two frames and a task: autofocus, ontoggle and
        // animation handlers have had their turn.
        public const string Settle = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))))";

        public static async Task<Trap> SetAsync(IBrowserContext context)
        {
            var trap = new Trap();
            await context.ExposeBindingAsync("__xss", (BindingSource source) => trap.Hits.Add("__xss in " + source.Frame.Url));
            await context.ExposeBindingAsync("__cspRefused", (BindingSource source, string what) => trap.Hits.Add("CSP refused " + what + " in " + source.Frame.Url));
            await context.AddInitScriptAsync("""
                for (const name of ['alert', 'confirm', 'prompt', 'print']) {
                    window[name] = () => window.__xss && window.__xss(name);
                }
                const scriptDirectives = /^(script-src|object-src|frame-src|child-src|worker-src|base-uri|form-action)/;
                document.addEventListener('securitypolicyviolation', e => {
                    if (scriptDirectives.test(e.effectiveDirective) && window.__cspRefused)
                        window.__cspRefused(e.effectiveDirective + ' ' + e.blockedURI);
                }, true);
                """);
            context.Page += (_, page) =>
            {
                page.Dialog += async (_, dialog) =>
                {
                    trap.Hits.Add("dialog " + dialog.Type + ": " + dialog.Message);
                    await dialog.DismissAsync();
                };
                page.Console += (_, message) =>
                {
                    if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)
                        && ScriptDirectives.Any(d => message.Text.Contains('"' + d, StringComparison.Ordinal)))
                        trap.Hits.Add("console: " + message.Text);
                };
            };
            return trap;
        }
    }

    /// <summary>
    /// The site on a real socket with every field filled with the payloads through the newsroom's and readers' forms,
    /// by an admin and by readers.
    /// </summary>
    public sealed class Site : IAsyncLifetime
    {
        private NashirFactory? _factory;
        private Uri _address = new("http://127.0.0.1/");

        public string BaseAddress => _address.ToString();
        public string AdminEmail { get; private set; } = "";
        public string AdminPassword { get; private set; } = "";
        public List<string> ArticlePaths { get; } = [];
        public List<string> ListingPaths { get; } = [];
        public List<string> SearchPaths { get; } = [];
        public List<string> NewsroomPaths { get; } = [];

        public void SkipWithoutChromium() => Assert.SkipWhen(_factory is null, $"Chromium is not installed at {BrowserSite.ChromiumPath}.");

        public HttpClient NewClient() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _address };

        public async ValueTask InitializeAsync()
        {
            if (!File.Exists(BrowserSite.ChromiumPath))
                return;
            _factory = new NashirFactory()
                .With("Nashir:CommentMode", "Open")
                .With("Nashir:Comments:PerMinute", "100000")
                .With("Nashir:Comments:PerDay", "100000")
                .With("Nashir:Comments:MaxLinks", "100000")
                .With("Nashir:Comments:PageSize", "1000");
            _factory.UseKestrel(0);
            _factory.StartServer();
            var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            _address = new Uri(address.EndsWith('/') ? address : address + "/");
            await SeedAsync(_factory);
        }

        private async Task SeedAsync(NashirFactory site)
        {
            // A form post with a NUL anywhere is refused whole (400, before any page sees it), so those payloads are typed
            // without it: what is left is the payload the NUL was meant to smuggle past a filter.
            var payloads = XssPayloads.Load().Select(p => p.Replace("\0", "", StringComparison.Ordinal)).ToList();
            var (admin, password) = await site.CreateUserAsync(Roles.Admin);
            (AdminEmail, AdminPassword) = (admin.Email!, password);
            using var client = NewClient();
            await ExpectAsync(client.SubmitFormAsync("/newsroom/login", "form", ("Email", AdminEmail), ("Password", password)), "sign-in");

            // A picture whose own caption, credit and alt are payloads (the library's form).
            var mediaId = await UploadAsync(client);
            await ExpectAsync(client.SubmitFormAsync($"/newsroom/media/{mediaId}", "#details-form",
                ("Caption", Fit(payloads, 500, 0)), ("Credit", Fit(payloads, 200, 1)), ("Alt", Fit(payloads, 500, 2))), "media details");

            // Categories, authors and sources named with payloads, their descriptions and bios holding the rest.
            var descriptions = Chunks(payloads, 2000);
            var categoryIds = new List<string>();
            var authorIds = new List<string>();
            for (var i = 0; i < descriptions.Count; i++)
            {
                await ExpectAsync(client.SubmitFormAsync("/newsroom/taxonomy", "#category-form",
                    ("Name", Fit(payloads, 100, i)), ("Slug", $"xss-category-{i}"), ("Description", descriptions[i]), ("InNavigation", "true")), "category");
                await ExpectAsync(client.SubmitFormAsync("/newsroom/taxonomy/authors", "#author-form",
                    ("Name", Fit(payloads, 100, i + 7)), ("Slug", $"xss-author-{i}"), ("Bio", descriptions[i])), "author");
                ListingPaths.Add($"/category/xss-category-{i}");
                ListingPaths.Add($"/author/xss-author-{i}");
            }
            await ExpectAsync(client.SubmitFormAsync("/newsroom/taxonomy/sources", "#source-form",
                ("Name", Fit(payloads, 100, 3)), ("Website", "https://agency.example/?q=%22%3E%3Cscript%3E__xss(1)%3C/script%3E")), "source");
            await site.WithDbAsync(async db =>
            {
                categoryIds.AddRange(await db.Categories.Select(c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync());
                authorIds.AddRange(await db.Authors.Select(a => a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync());
            });
            var sourceId = await site.WithDbAsync(db => db.Sources.Select(s => s.Id).FirstAsync());

            // Articles through the editor: the first one's body holds every payload; headline, dek, tags, byline, the
            // lead picture's words and the search description take the list in turns, so together they hold it all.
            var headlines = Chunks(payloads, 300);
            var articleIds = new List<int>();
            for (var i = 0; i < headlines.Count; i++)
            {
                var response = await client.SubmitFormAsync("/newsroom/articles/new", "#article-form",
                    ("Headline", headlines[i]),
                    ("Dek", Fit(payloads, 600, i * 3)),
                    ("Body", i == 0 ? string.Join('\n', payloads) : "<p>نص الخبر.</p>" + Fit(payloads, 1500, i * 5)),
                    ("Tags", string.Join("، ", payloads.Skip(i * 4 % payloads.Count).Take(4).Select(p => p.Length > 100 ? p[..100] : p))),
                    ("Byline", Fit(payloads, 200, i * 2)),
                    ("LeadImageId", mediaId),
                    ("LeadImageCaption", Fit(payloads, 500, i * 3 + 1)),
                    ("LeadImageCredit", Fit(payloads, 200, i * 2 + 1)),
                    ("LeadImageAlt", Fit(payloads, 500, i * 3 + 2)),
                    ("SeoDescription", Fit(payloads, 500, i * 3 + 3)),
                    ("CategoryId", categoryIds[i % categoryIds.Count]),
                    ("AuthorIds", authorIds[i % authorIds.Count]),
                    ("SourceIds", sourceId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    ("action", "publish"));
                var location = await ExpectAsync(Task.FromResult(response), $"article {i}");
                articleIds.Add(int.Parse(location.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture));
            }
            // A second version of the first article, so its revisions page shows a diff of payloads.
            await ExpectAsync(client.SubmitFormAsync($"/newsroom/articles/{articleIds[0]}", "#article-form",
                ("Headline", headlines[^1]), ("Dek", Fit(payloads, 600, 11)), ("action", "publish")), "second version");

            var slugs = await site.WithDbAsync(db => db.Articles.OrderBy(a => a.Id).Select(a => a.Slug).ToListAsync());
            ArticlePaths.AddRange(slugs.Select(NashirFactory.ArticlePath));
            var tags = await site.WithDbAsync(db => db.Tags.OrderBy(t => t.Id).Select(t => t.Slug).Take(3).ToListAsync());
            ListingPaths.AddRange(tags.Select(t => NashirFactory.ListingPath("tag", t)));

            // Readers' comments on the first article: one per payload, in the name, the subject and the text.
            await PostCommentsAsync(site, payloads, ArticlePaths[0], articleIds[0]);
            var commentIds = await site.WithDbAsync(db => db.Comments.Where(c => c.Status == CommentStatus.Pending).Select(c => c.Id).ToListAsync());
            if (commentIds.Count > 0)
            {
                await ExpectAsync(client.SubmitFormAsync("/newsroom/comments?tab=pending", "#bulk-form",
                    [("decision", "approve"), .. commentIds.Select(id => ("ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture)))]), "approval");
            }

            // Newsroom accounts whose display names are payloads (the users list, the audit log and the bylines of
            // the desk show them).
            for (var i = 0; i < 3; i++)
            {
                using var created = await client.SubmitFormAsync("/newsroom/users/new", "#create-account",
                    ("Email", $"xss{i}@newsroom.test"), ("DisplayName", Fit(payloads, 100, i * 11 + 5)), ("Role", Roles.Writer));
                if (created.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"Seeding account {i} answered {(int)created.StatusCode}");
            }

            await site.SearchCaughtUpAsync();
            foreach (var q in new[] { "script", "img onerror", "svg", "xss" }.Concat(Chunks(payloads, 200).Take(3)))
                SearchPaths.Add("/search?q=" + Uri.EscapeDataString(q));

            NewsroomPaths.AddRange([
                "/newsroom", "/newsroom/articles", $"/newsroom/articles/{articleIds[0]}", $"/newsroom/articles/{articleIds[1]}",
                $"/newsroom/articles/{articleIds[0]}/revisions", $"/newsroom/articles/{articleIds[0]}/delete",
                "/newsroom/media", $"/newsroom/media/{mediaId}", "/newsroom/comments?tab=approved", "/newsroom/comments?tab=pending",
                $"/newsroom/comments?tab=approved&article={articleIds[0]}",
                "/newsroom/taxonomy", "/newsroom/taxonomy/tags", "/newsroom/taxonomy/authors", "/newsroom/taxonomy/sources",
                "/newsroom/audit", "/newsroom/users", "/newsroom/wire", "/newsroom/social", "/newsroom/comments/words",
            ]);
        }

        private async Task PostCommentsAsync(NashirFactory site, IReadOnlyList<string> payloads, string articlePath, int articleId)
        {
            using var reader = NewClient();
            var form = (await reader.GetDocumentAsync(articlePath)).QuerySelector("form.comment-form")!;
            for (var i = 0; i < payloads.Count; i++)
            {
                var payload = payloads[i];
                using var response = await reader.SubmitFormAsync(form, articlePath,
                    ("Name", payload.Length is >= CommentForm.NameMin and <= CommentForm.NameMax ? payload : $"قارئ {i}"),
                    ("Subject", payload.Length <= CommentForm.SubjectMax ? payload : $"موضوع {i}"),
                    ("Text", payload + $" تعليق رقم {i}"));
                if (response.StatusCode != HttpStatusCode.Redirect)
                    throw new InvalidOperationException($"Comment {i} ({payload}) answered {(int)response.StatusCode}");
            }
            var count = await site.WithDbAsync(db => db.Comments.CountAsync(c => c.ArticleId == articleId));
            if (count != payloads.Count)
                throw new InvalidOperationException($"{count} comments saved of {payloads.Count}.");
        }

        private static async Task<string> UploadAsync(HttpClient client)
        {
            var page = await client.GetDocumentAsync("/newsroom/media");
            var token = page.QuerySelector("#upload-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(320, 200);
            using var png = new MemoryStream();
            await SixLabors.ImageSharp.ImageExtensions.SaveAsPngAsync(image, png);
            using var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new ByteArrayContent(png.ToArray()) { Headers = { ContentType = new("image/png") } }, "File", "<svg onload=__xss(1)>.png" },
            };
            var location = await ExpectAsync(client.PostAsync("/newsroom/media", content), "upload");
            return location.Split('/')[^1];
        }

        /// <summary>Awaits a form post that must succeed (a redirect) and returns where it went.</summary>
        private static async Task<string> ExpectAsync(Task<HttpResponseMessage> post, string what)
        {
            using var response = await post;
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                var document = Html.Parse(await response.Content.ReadAsStringAsync());
                var errors = document.QuerySelectorAll(".field-error, .form-errors, [role=alert]").Select(e => e.Text().Trim()).Where(e => e.Length > 0).ToList();
                if (errors.Count == 0)
                    errors.Add(document.QuerySelector("main")?.Text().Trim() is { } main ? main[..Math.Min(300, main.Length)] : document.Source.Text[..Math.Min(300, document.Source.Text.Length)]);
                throw new InvalidOperationException($"Seeding {what} answered {(int)response.StatusCode}: {string.Join(" | ", errors)}");
            }
            return response.Headers.Location!.OriginalString;
        }

        /// <summary>Payloads from the <paramref name="start"/>-th on, as many as fit in <paramref name="max"/> characters.</summary>
        private static string Fit(IReadOnlyList<string> payloads, int max, int start)
        {
            var text = new StringBuilder();
            for (var i = 0; i < payloads.Count; i++)
            {
                var p = payloads[(start + i) % payloads.Count];
                if (text.Length + p.Length + 1 > max)
                    break;
                text.Append(p).Append(' ');
            }
            return text.ToString().TrimEnd();
        }

        /// <summary>The payloads in order, cut into pieces of at most <paramref name="max"/> characters (a longer payload is cut).</summary>
        private static List<string> Chunks(IReadOnlyList<string> payloads, int max)
        {
            var chunks = new List<string>();
            var text = new StringBuilder();
            foreach (var p in payloads.Select(p => p.Length > max ? p[..max] : p))
            {
                if (text.Length + p.Length + 1 > max)
                {
                    chunks.Add(text.ToString().TrimEnd());
                    text.Clear();
                }
                text.Append(p).Append(' ');
            }
            if (text.Length > 0)
                chunks.Add(text.ToString().TrimEnd());
            return chunks;
        }

        public async ValueTask DisposeAsync()
        {
            if (_factory is not null)
                await _factory.DisposeAsync();
        }
    }
}

/// <summary>The payload list, with its placeholders for characters a text file cannot show turned into them.</summary>
public static class XssPayloads
{
    public static IReadOnlyList<string> Load() =>
        [.. File.ReadAllLines(Repo.PathTo("tests", "Nashir.BrowserTests", "Security", "xss-payloads.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Replace("{TAB}", "\t", StringComparison.Ordinal).Replace("{LF}", "\n", StringComparison.Ordinal)
                .Replace("{CR}", "\r", StringComparison.Ordinal).Replace("{NUL}", "\0", StringComparison.Ordinal)
                .Replace("{VT}", "\v", StringComparison.Ordinal).Replace("{FF}", "\f", StringComparison.Ordinal))];
}
