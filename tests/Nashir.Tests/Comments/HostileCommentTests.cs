using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Nashir.Comments;

namespace Nashir.Tests.Comments;

/// <summary>
/// Hostile comment posts through real HTTP, in Open mode so anything accepted shows at once: the site never
/// answers 5xx, refuses in Arabic, and whatever it stores comes back escaped, as text.
/// </summary>
public sealed class HostileCommentTests(HostileCommentTests.Site site) : IClassFixture<HostileCommentTests.Site>
{
    private const string Reader = "قارئ";

    private static readonly int[] Refusals = [302, 400, 403, 409, 413, 415, 429];

    /// <summary>What a post is made of, for the article prepared for that row.</summary>
    public sealed record Target(int ArticleId, string ArticlePath, int LastSeededId, int OwnApproved, int OwnPending, int OtherArticleComment, string FreshText)
    {
        public string CommentPath => ArticlePath + "?handler=Comment";
    }

    public enum Stored
    {
        /// <summary>The site may accept or refuse; whatever it keeps must be clean.</summary>
        Maybe,

        Nothing,

        /// <summary>Accepted and shown: <see cref="Hostile.Shows"/> is what the reader sees, literally.</summary>
        One,
    }

    public sealed record Shown(string Name, string? Subject, string Text);

    public sealed record Hostile(Func<Target, HttpRequestMessage> Request, int[] Allowed, Stored Stored = Stored.Maybe, string? Message = null, Func<Target, Shown>? Shows = null);

    private static readonly Dictionary<string, Hostile> Cases = BuildCases();

    public static TheoryData<string> Labels
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var label in Cases.Keys)
                data.Add(label);
            return data;
        }
    }

    [Fact]
    public void There_are_at_least_fifty_hostile_cases() => Assert.True(Cases.Count >= 50, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(Labels))]
    public async Task Hostile_post_is_refused_or_stored_escaped(string label)
    {
        var hostile = Cases[label];
        var target = await site.PrepareAsync();

        using var request = hostile.Request(target);
        using var response = await site.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.True(status < 500, $"{label}: answered {status}");
        Assert.True(hostile.Allowed.Contains(status), $"{label}: answered {status} (\"{Html.Parse(body).QuerySelector("h1")?.Text()}\" for {request.RequestUri}), expected one of {string.Join(", ", hostile.Allowed)}");
        if (status != 302)
        {
            var page = Html.Parse(body);
            AssertNothingInjected(page, label);
            var errors = page.QuerySelector(".form-errors");
            if (status is 400 or 409 or 429 && page.QuerySelector("form.comment-form") is not null)
                Assert.True(errors is not null && HasArabic(errors.Text()), $"{label}: {status} without an Arabic explanation in .form-errors");
            else
                Assert.True(HasArabic(page.QuerySelector("main")?.Text() ?? page.Body?.Text() ?? ""), $"{label}: {status} page without an Arabic explanation");
            if (hostile.Message is not null)
                Assert.Contains(hostile.Message, errors?.Text() ?? "", StringComparison.Ordinal);
        }

        var added = await site.Factory.WithDbAsync(db => db.Comments.AsNoTracking()
            .Where(c => c.ArticleId == target.ArticleId && c.Id > target.LastSeededId).ToListAsync());
        if (status != 302 || hostile.Stored == Stored.Nothing)
            Assert.Empty(added);
        if (hostile.Stored == Stored.One)
            Assert.Single(added);
        foreach (var comment in added)
        {
            foreach (var field in new[] { comment.Name, comment.Subject ?? "", comment.Text })
                Assert.False(field.Any(IsHidden), $"{label}: stored a control, bidi or zero-width character in \"{field}\"");
        }

        // The table still answers, and the page shows what was kept as text and nothing else.
        Assert.True(await site.Factory.WithDbAsync(db => db.Comments.CountAsync()) > 0);
        var article = await site.Client.GetDocumentAsync(target.ArticlePath);
        AssertNothingInjected(article, label);
        Assert.Equal(site.Baseline, DangerousTags(article));
        foreach (var li in article.QuerySelectorAll("li.comment"))
            AssertPlainComment(li, label);
        if (hostile.Shows is { } shows && added.Count == 1)
        {
            var expected = shows(target);
            Assert.Equal(CommentStatus.Approved, added[0].Status);
            var li = article.QuerySelector($"#comment-{added[0].Id}");
            Assert.NotNull(li);
            Assert.Equal(expected.Name, li.QuerySelector(".comment-name")!.TextContent);
            Assert.Equal(expected.Subject, li.QuerySelector(".comment-subject")?.TextContent);
            Assert.Equal(expected.Text, string.Join('\n', li.QuerySelectorAll(".comment-text > p").Select(p => p.TextContent)));
        }
    }

    private static Dictionary<string, Hostile> BuildCases()
    {
        var cases = new Dictionary<string, Hostile>(StringComparer.Ordinal);
        void Add(string label, Hostile hostile) => cases.Add(label, hostile);

        // Script and event-handler vectors in the text: stored and shown literally.
        string[] textVectors =
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<svg onload=alert(1)>",
            "<a href=\"javascript:alert(1)\">اضغط هنا</a>",
            "\"><script>alert(1)</script>",
            "'><img src=x onerror=alert(1)>",
            "</textarea><script>alert(1)</script>",
            "</p></div><script>alert(1)</script>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<body onload=alert(1)>",
            "<details open ontoggle=alert(1)>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<scr<script>ipt>alert(1)</scr</script>ipt>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "<style>body{display:none}</style>",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
            "<base href=\"javascript:alert(1)//\">",
            "<!--<script>alert(1)</script>-->",
            "<object data=\"javascript:alert(1)\"></object>",
            "<a href=\"jav&#x09;ascript:alert(1)\">رابط</a>",
            "{{constructor.constructor('alert(1)')()}}",
            "@{ throw new System.Exception(); } @(1+1)",
        ];
        for (var i = 0; i < textVectors.Length; i++)
        {
            var payload = textVectors[i];
            Add($"xss text {i + 1:00}: {payload[..Math.Min(payload.Length, 30)]}",
                new(Fields(("Name", Reader), ("Text", payload)), [302], Stored.One, Shows: _ => new(Reader, null, payload)));
        }

        Add("xss text on a second line", new(Fields(("Name", Reader), ("Text", "سطر أول\n</p><img src=x onerror=alert(1)>")), [302], Stored.One,
            Shows: _ => new(Reader, null, "سطر أول\n</p><img src=x onerror=alert(1)>")));
        Add("xss subject img onerror", new(Fields(("Name", Reader), ("Subject", "<img src=x onerror=alert(1)>"), ("Text", null)), [302], Stored.One,
            Shows: t => new(Reader, "<img src=x onerror=alert(1)>", t.FreshText)));
        Add("name attribute breakout \"><script>", new(Fields(("Name", "\"><script>alert(1)</script>"), ("Text", null)), [302], Stored.One,
            Shows: t => new("\"><script>alert(1)</script>", null, t.FreshText)));
        Add("name attribute breakout onmouseover", new(Fields(("Name", "\" onmouseover=\"alert(1)"), ("Text", null)), [302], Stored.One,
            Shows: t => new("\" onmouseover=\"alert(1)", null, t.FreshText)));
        Add("name single-quote breakout autofocus", new(Fields(("Name", "' autofocus onfocus='alert(1)"), ("Text", null)), [302], Stored.One,
            Shows: t => new("' autofocus onfocus='alert(1)", null, t.FreshText)));
        // Refused posts are shown again in the form: the values must stay inside their attribute / textarea.
        Add("redisplayed name breakout with short text", new(Fields(("Name", "\"><svg onload=alert(1)>"), ("Text", "x")), [400], Message: "يجب أن يكون نص التعليق بين 3 و3000 حرف."));
        Add("redisplayed textarea breakout with short name", new(Fields(("Name", "م"), ("Text", "</textarea><script>alert(1)</script>")), [400], Message: "يجب أن يكون الاسم بين 2 و60 حرفاً."));
        Add("redisplayed subject breakout", new(Fields(("Name", "م"), ("Subject", "\"><iframe src=javascript:alert(1)>"), ("Text", null)), [400]));
        Add("redisplayed email breakout", new(Fields(("Name", Reader), ("Email", "\"><svg onload=alert(1)>@x.com"), ("Text", null)), [400], Message: "عنوان البريد الإلكتروني غير صالح."));

        // SQL-looking text is text.
        string[] sql = ["'; DROP TABLE Comments; --", "1 OR 1=1", "' UNION SELECT Email, ClientHash FROM Comments --", "\" OR \"\"=\"", "1; UPDATE Comments SET Status = 1; --"];
        for (var i = 0; i < sql.Length; i++)
        {
            var payload = sql[i];
            Add($"sql text {i + 1}: {payload}", new(Fields(("Name", Reader), ("Text", payload)), [302], Stored.One, Shows: _ => new(Reader, null, payload)));
        }
        Add("sql in name", new(Fields(("Name", "Robert'); DROP TABLE Comments;--"), ("Text", null)), [302], Stored.One,
            Shows: t => new("Robert'); DROP TABLE Comments;--", null, t.FreshText)));

        // Size.
        Add("1 MB body", new(Fields(("Name", Reader), ("Text", string.Concat(Enumerable.Repeat("abcdefgh ", 116_509)))), [400, 413], Stored.Nothing));
        var longText = string.Concat(Enumerable.Repeat("كلمة ", 600)) + "ك";
        Add("3001-character text", new(Fields(("Name", Reader), ("Text", longText)), [400], Stored.Nothing, "يجب أن يكون نص التعليق بين 3 و3000 حرف."));
        Add("100 KB name", new(Fields(("Name", new string('ن', 100_000)), ("Text", null)), [400], Stored.Nothing, "يجب أن يكون الاسم بين 2 و60 حرفاً."));

        // Bytes that are not UTF-8.
        Add("invalid utf-8 %FF%FE", new(Raw("application/x-www-form-urlencoded", t => $"Name=%FF%FE%FF%FE&Text=%FF%FE{Enc(t.FreshText)}"), Refusals));
        Add("overlong utf-8 %C0%AF", new(Raw("application/x-www-form-urlencoded", t => $"Name=%C0%AF%C0%AF{Enc(Reader)}&Text=..%C0%AF..%C0%AFetc%C0%AFpasswd{Enc(t.FreshText)}"), Refusals));
        Add("encoded surrogate %ED%A0%80", new(Raw("application/x-www-form-urlencoded", t => $"Name={Enc(Reader)}%ED%A0%80&Text=%ED%A0%80{Enc(t.FreshText)}"), Refusals));
        Add("raw invalid bytes in body", new(RawBytes("application/x-www-form-urlencoded", t =>
            [.. Encoding.ASCII.GetBytes("Name="), 0xFF, 0xFE, 0xC0, 0xAF, .. Encoding.ASCII.GetBytes("&Text=" + Enc(t.FreshText)), 0xFF]), Refusals));
        Add("form declared utf-7", new(t => Post(t.CommentPath, Content($"Name={Enc(Reader)}&Text={Enc(t.FreshText)}", "application/x-www-form-urlencoded; charset=utf-7")), Refusals));

        // Null bytes in each field.
        // ASP.NET Core refuses to read a form holding U+0000: a 400 in Arabic is as good as storing it cleaned.
        // ASP.NET Core 10 refuses to read a form holding U+0000: a 400 in Arabic is as good as storing it cleaned.
        Add("null byte in name", new(Fields(("Name", "أح\0مد"), ("Text", null)), [302, 400], Stored.Maybe, Shows: t => new("أحمد", null, t.FreshText)));
        Add("null byte in subject", new(Fields(("Name", Reader), ("Subject", "مو\0ضوع"), ("Text", null)), [302, 400], Stored.Maybe, Shows: t => new(Reader, "موضوع", t.FreshText)));
        Add("null byte in text", new(Fields(("Name", Reader), ("Text", "نص\0 فيه صفر")), [302, 400], Stored.Maybe, Shows: _ => new(Reader, null, "نص فيه صفر")));
        Add("null byte in email", new(Fields(("Name", Reader), ("Email", "a\0@b.example"), ("Text", null)), [302, 400]));
        Add("null byte in website", new(Fields(("Name", Reader), ("Website", "\0"), ("Text", null)), [302, 400], Stored.Nothing));
        Add("null byte in a field name", new(Raw("application/x-www-form-urlencoded", t => $"Na%00me={Enc(Reader)}&Text={Enc(t.FreshText)}"), [400], Stored.Nothing));

        // Invisible and direction-changing characters.
        Add("bidi override in name", new(Fields(("Name", "\u202Eأحمد\u202C"), ("Text", null)), [302], Stored.One, Shows: t => new("أحمد", null, t.FreshText)));
        Add("rtl and ltr marks in name", new(Fields(("Name", "\u200Fأح\u200Eمد\u200F"), ("Text", null)), [302], Stored.One, Shows: t => new("أحمد", null, t.FreshText)));
        Add("zero-width characters in name", new(Fields(("Name", "أح\u200Bم\u2060د\uFEFF"), ("Text", null)), [302], Stored.One, Shows: t => new("أحمد", null, t.FreshText)));
        Add("bidi isolates in name", new(Fields(("Name", "\u2066أحمد\u2069 \u2067x\u2069"), ("Text", null)), [302], Stored.One, Shows: t => new("أحمد x", null, t.FreshText)));
        Add("name of invisible characters only", new(Fields(("Name", "\u200B\u200E\u202E\uFEFF\u2066"), ("Text", null)), [400], Stored.Nothing, "يرجى كتابة الاسم."));
        Add("name of spaces and marks only", new(Fields(("Name", "\u00A0\u200F \u2060\t"), ("Text", null)), [400], Stored.Nothing, "يرجى كتابة الاسم."));
        Add("text of invisible characters only", new(Fields(("Name", Reader), ("Text", "\u200B\u202E\u200D\u200C\uFEFF")), [400], Stored.Nothing, "يرجى كتابة نص التعليق."));

        // Repeated and missing fields.
        Add("name twice", new(Raw("application/x-www-form-urlencoded", t => $"Name={Enc(Reader)}&Name={Enc("<script>alert(1)</script>")}&Text={Enc(t.FreshText)}"), [302, 400]));
        Add("text twice", new(Raw("application/x-www-form-urlencoded", t => $"Name={Enc(Reader)}&Text={Enc(t.FreshText)}&Text={Enc("<img src=x onerror=alert(1)>")}"), [302, 400]));
        Add("no name", new(Fields(("Text", null)), [400], Stored.Nothing, "يرجى كتابة الاسم."));
        Add("no text", new(Fields(("Name", Reader)), [400], Stored.Nothing, "يرجى كتابة نص التعليق."));
        Add("empty form body", new(t => Post(t.CommentPath, Content("", "application/x-www-form-urlencoded")), [400], Stored.Nothing, "يرجى كتابة الاسم."));
        Add("no body and no content type", new(t => new HttpRequestMessage(HttpMethod.Post, t.CommentPath), [400, 415], Stored.Nothing));

        // Not a form.
        Add("json body", new(t => Post(t.CommentPath, Content($$"""{"Name":"{{Reader}}","Text":"<script>alert(1)</script>"}""", "application/json")), [400, 415], Stored.Nothing));
        Add("text/plain body", new(t => Post(t.CommentPath, Content($"Name={Enc(Reader)}&Text={Enc(t.FreshText)}", "text/plain")), [400, 415], Stored.Nothing));
        Add("xml body", new(t => Post(t.CommentPath, Content($"<comment><Name>{Reader}</Name><Text>{t.FreshText}</Text></comment>", "application/xml")), [400, 415], Stored.Nothing));
        Add("multipart with garbage boundary", new(t => Post(t.CommentPath, Content("--nope\r\ngarbage without parts\r\n--", "multipart/form-data; boundary=\"\u0001;;\"")), [400, 413, 415], Stored.Nothing));
        Add("multipart without closing boundary", new(t => Post(t.CommentPath, Content(
            $"--b\r\nContent-Disposition: form-data; name=\"Name\"\r\n\r\n{Reader}\r\n--b\r\nContent-Disposition: form-data; name=\"Text\"\r\n\r\nنص بلا نهاية", "multipart/form-data; boundary=b")),
            [400, 413, 415], Stored.Nothing));
        Add("well-formed multipart with script", new(t =>
        {
            var content = new MultipartFormDataContent("----nashir") { { new StringContent(Reader), "Name" }, { new StringContent("<script>alert('multipart')</script>"), "Text" } };
            return Post(t.CommentPath, content);
        }, [302], Stored.One, Shows: _ => new(Reader, null, "<script>alert('multipart')</script>")));

        // Form shape.
        Add("5000 form fields", new(Raw("application/x-www-form-urlencoded", t =>
            $"Name={Enc(Reader)}&Text={Enc(t.FreshText)}&" + string.Join('&', Enumerable.Range(0, 5000).Select(i => $"f{i}=x"))), [400, 413], Stored.Nothing));
        Add("very long field name", new(Raw("application/x-www-form-urlencoded", t =>
            $"Name={Enc(Reader)}&Text={Enc(t.FreshText)}&{new string('k', 100_000)}=x"), [400, 413], Stored.Nothing));
        Add("honeypot filled", new(Fields(("Name", Reader), ("Text", null), ("Website", "https://spam.example")), [302], Stored.Nothing));

        // Replies.
        Add("reply to own approved comment (control)", new(t => Form(t.CommentPath, ("Name", Reader), ("Text", t.FreshText), ("parentId", t.OwnApproved.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            [302], Stored.One, Shows: t => new(Reader, null, t.FreshText)));
        Add("parentId not a number", new(t => Form(t.CommentPath, ("Name", Reader), ("Text", t.FreshText), ("parentId", "abc")), [400], Stored.Nothing));
        Add("parentId overflowing int", new(t => Form(t.CommentPath, ("Name", Reader), ("Text", t.FreshText), ("parentId", "99999999999")), [400], Stored.Nothing));
        Add("parentId negative", new(t => Form(t.CommentPath, ("Name", Reader), ("Text", t.FreshText), ("parentId", "-1")), [400], Stored.Nothing, "التعليق الذي تردّ عليه غير موجود."));
        Add("parentId of another article", new(t => Form(t.CommentPath, ("Name", Reader), ("Text", t.FreshText), ("parentId", t.OtherArticleComment.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            [400], Stored.Nothing, "التعليق الذي تردّ عليه غير موجود."));
        Add("parentId of a pending comment", new(t => Form(t.CommentPath, ("Name", Reader), ("Text", t.FreshText), ("parentId", t.OwnPending.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            [400], Stored.Nothing, "التعليق الذي تردّ عليه غير موجود."));

        // Reports and handlers.
        Add("report commentId garbage", new(t => Form(t.ArticlePath + "?handler=Report", ("commentId", "<script>alert(1)</script>")), [400, 404], Stored.Nothing));
        Add("report commentId negative", new(t => Form(t.ArticlePath + "?handler=Report", ("commentId", "-5")), [400, 404], Stored.Nothing));
        Add("report commentId overflowing", new(t => Form(t.ArticlePath + "?handler=Report", ("commentId", "1e9999")), [400, 404], Stored.Nothing));
        Add("report without commentId", new(t => Form(t.ArticlePath + "?handler=Report"), [400, 404], Stored.Nothing));
        Add("unknown handler name", new(t => Form(t.ArticlePath + "?handler=Nope", ("Name", Reader), ("Text", t.FreshText)), [400, 404, 405], Stored.Nothing));
        Add("handler name with script", new(t => Form(t.ArticlePath + "?handler=%3Cscript%3Ealert(1)%3C%2Fscript%3E", ("Name", Reader), ("Text", t.FreshText)), [400, 404, 405], Stored.Nothing));

        // From another site.
        Add("cross-site fetch with script", new(t => WithHeader(Form(t.CommentPath, ("Name", Reader), ("Text", "<script>alert(1)</script>")), "Sec-Fetch-Site", "cross-site"), [403], Stored.Nothing));
        Add("origin null", new(t => WithHeader(Form(t.CommentPath, ("Name", Reader), ("Text", t.FreshText)), "Origin", "null"), [403], Stored.Nothing));
        Add("foreign origin", new(t => WithHeader(Form(t.CommentPath, ("Name", Reader), ("Text", t.FreshText)), "Origin", "https://evil.example"), [403], Stored.Nothing));
        return cases;
    }

    private static readonly string[] DangerousTagNames =
        ["script", "style", "iframe", "frame", "object", "embed", "svg", "math", "img", "meta", "base", "link", "details", "marquee", "template", "audio", "video", "textarea", "select", "body", "head"];

    private static string DangerousTags(IDocument page) =>
        string.Join(", ", DangerousTagNames.Select(tag => $"{tag}={page.QuerySelectorAll(tag).Length}"));

    /// <summary>No handler attributes, no script URLs, no script that the payload wrote, anywhere in the page.</summary>
    private static void AssertNothingInjected(IDocument page, string label)
    {
        foreach (var element in page.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase),
                    $"{label}: <{element.LocalName} {attribute.Name}=\"{attribute.Value}\"> in the page");
                var squeezed = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
                if (attribute.Name is "href" or "src" or "action" or "formaction" or "data" or "content" or "xlink:href")
                    Assert.DoesNotContain("javascript:", squeezed, StringComparison.OrdinalIgnoreCase);
            }
            if (element.LocalName is "script" or "style")
            {
                Assert.DoesNotContain("alert(", element.TextContent, StringComparison.Ordinal);
                Assert.DoesNotContain("display:none", element.TextContent, StringComparison.Ordinal);
            }
        }
        Assert.Equal(1, page.QuerySelectorAll("body").Length);
        foreach (var field in page.QuerySelectorAll("form.comment-form textarea, form.comment-form input"))
            Assert.Empty(field.Children);
    }

    /// <summary>A comment is a head (name, time), an optional subject, paragraphs of text, a report form and a reply link: nothing else.</summary>
    private static void AssertPlainComment(IElement li, string label)
    {
        var own = li.Children.Where(c => c.LocalName != "ol").ToList();
        Assert.All(own, c => Assert.True(
            c.ClassList.Contains("comment-head") || c.ClassList.Contains("comment-subject") || c.ClassList.Contains("comment-text")
            || c.ClassList.Contains("report-form") || c.ClassList.Contains("comment-actions"),
            $"{label}: unexpected <{c.LocalName} class=\"{c.ClassName}\"> in a comment"));
        var head = li.QuerySelector(":scope > .comment-head")!;
        Assert.Equal(["strong", "time"], head.Children.Select(c => c.LocalName));
        Assert.Empty(head.QuerySelector(".comment-name")!.Children);
        if (li.QuerySelector(":scope > .comment-subject") is { } subject)
            Assert.Empty(subject.Children);
        var text = li.QuerySelector(":scope > .comment-text")!;
        Assert.Equal("auto", text.GetAttribute("dir"));
        Assert.All(text.Children, p =>
        {
            Assert.Equal("p", p.LocalName);
            Assert.Empty(p.Children);
        });
    }

    private static bool HasArabic(string s) => s.Any(c => c is >= '\u0600' and <= '\u06FF');

    private static bool IsHidden(char c) =>
        c is '\0' or (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u2060' or '\uFEFF';

    private static string Enc(string s) => Uri.EscapeDataString(s);

    /// <summary>Fields posted url-encoded; a null value is the row's fresh text (unique, so never a duplicate).</summary>
    private static Func<Target, HttpRequestMessage> Fields(params (string Name, string? Value)[] fields) =>
        t => Form(t.CommentPath, fields.Select(f => (f.Name, f.Value ?? t.FreshText)).ToArray());

    private static HttpRequestMessage Form(string path, params (string Name, string Value)[] fields) =>
        Post(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    private static Func<Target, HttpRequestMessage> Raw(string contentType, Func<Target, string> body) =>
        t => Post(t.CommentPath, Content(body(t), contentType));

    private static Func<Target, HttpRequestMessage> RawBytes(string contentType, Func<Target, byte[]> body) => t =>
    {
        var content = new ByteArrayContent(body(t));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return Post(t.CommentPath, content);
    };

    private static ByteArrayContent Content(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static HttpRequestMessage Post(string path, HttpContent content) => new(HttpMethod.Post, path) { Content = content };

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    /// <summary>One site in Open mode with limits raised; each row gets its own article with one approved and one pending comment.</summary>
    public sealed class Site : IAsyncLifetime
    {
        private int _next;
        private int _otherArticleComment;

        public NashirFactory Factory { get; } = new NashirFactory()
            .With("Nashir:CommentMode", "Open")
            .With("Nashir:Comments:PerMinute", "1000")
            .With("Nashir:Comments:PerDay", "100000");

        public HttpClient Client { get; private set; } = null!;

        /// <summary>Counts of script-capable and embedding tags on a clean article page with one comment.</summary>
        public string Baseline { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            Client = Factory.CreateReader();
            var other = await Factory.PublishAsync("خبر آخر");
            _otherArticleComment = await SeedAsync(other.Id, CommentStatus.Approved, "تعليق على خبر آخر");
            var target = await PrepareAsync();
            Baseline = DangerousTags(await Client.GetDocumentAsync(target.ArticlePath));
        }

        public async Task<Target> PrepareAsync()
        {
            var n = Interlocked.Increment(ref _next);
            var article = await Factory.PublishAsync($"خبر للاختبار رقم {n}");
            var approved = await SeedAsync(article.Id, CommentStatus.Approved, "تعليق سابق منشور");
            var pending = await SeedAsync(article.Id, CommentStatus.Pending, "تعليق سابق ينتظر");
            return new Target(article.Id, NashirFactory.ArticlePath(article.Slug), pending, approved, pending, _otherArticleComment, $"تعليق عادي على الخبر رقم {n}");
        }

        private Task<int> SeedAsync(int articleId, CommentStatus status, string text) => Factory.WithDbAsync(async db =>
        {
            var comment = new Comment { ArticleId = articleId, Name = "قارئ قديم", Text = text, Status = status, CreatedAt = Factory.Clock.GetUtcNow().UtcDateTime };
            db.Comments.Add(comment);
            await db.SaveChangesAsync();
            return comment.Id;
        });

        public async ValueTask DisposeAsync()
        {
            Client?.Dispose();
            await Factory.DisposeAsync();
        }
    }
}
