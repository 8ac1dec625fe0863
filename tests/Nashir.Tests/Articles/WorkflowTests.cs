using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;

namespace Nashir.Tests.Articles;

/// <summary>The article workflow through the real editor form, as the newsroom uses it.</summary>
public sealed class WorkflowTests
{
    private static async Task<int> CreateAsync(HttpClient client, string headline, string body = "<p>نص الخبر الأول.</p>", string action = "save", params (string, string)[] more)
    {
        using var response = await client.SubmitFormAsync("/newsroom/articles/new", "#article-form",
            [("Headline", headline), ("Body", body), ("action", action), .. more]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, int id, string action, params (string, string)[] fields) =>
        client.SubmitFormAsync($"/newsroom/articles/{id}", "#article-form", [("action", action), .. fields]);

    [Fact]
    public async Task Writer_drafts_and_submits_then_editor_publishes_and_readers_see_it()
    {
        using var site = new NashirFactory();
        var writer = await site.SignInAsync(Roles.Writer);
        var editor = await site.SignInAsync(Roles.Editor);

        var id = await CreateAsync(writer, "وزير الخارجية يزور القاهرة");
        Assert.Equal(ArticleStatus.Draft, await StatusAsync(site, id));
        using (var submitted = await ActAsync(writer, id, "submit"))
            Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(site, id));

        using (var refused = await ActAsync(writer, id, "publish"))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(site, id));

        using (var published = await ActAsync(editor, id, "publish"))
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var article = await site.WithDbAsync(db => db.Articles.SingleAsync(a => a.Id == id));
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal(site.Clock.GetUtcNow().UtcDateTime, article.PublishedAt);

        var home = await site.CreateReader().GetDocumentAsync("/");
        Assert.Equal("وزير الخارجية يزور القاهرة", home.QuerySelector(".lead-story h2")!.Text());
        Assert.Equal(1, await site.WithDbAsync(db => db.AuditLog.CountAsync(e => e.Action == "article.published" && e.TargetId == id.ToString(CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task Editing_a_published_article_keeps_it_live_records_a_revision_and_moves_last_update()
    {
        // Published at 21:00 in Aden on 1 October; edited six hours later, on 2 October (within the sign-in's 12 hours).
        using var site = new NashirFactory(now: new DateTimeOffset(2024, 10, 1, 18, 0, 0, TimeSpan.Zero));
        var editor = await site.SignInAsync(Roles.Editor);
        var id = await CreateAsync(editor, "خبر عاجل عن الطقس", action: "publish");
        site.Clock.Advance(TimeSpan.FromHours(6));

        using var response = await ActAsync(editor, id, "save", ("Body", "<p>نص محدّث بعد ست ساعات.</p>"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var article = await site.WithDbAsync(db => db.Articles.SingleAsync(a => a.Id == id));
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal(site.Clock.GetUtcNow().UtcDateTime, article.UpdatedAt);
        Assert.Equal(2, await site.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == id)));
        var page = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));
        Assert.Equal("نص محدّث بعد ست ساعات.", page.QuerySelector(".story-body p")!.Text());
        Assert.Equal("آخر تحديث: الأربعاء 02 أكتوبر 2024", page.QuerySelector(".last-update")!.Text());
    }

    [Fact]
    public async Task Writers_cannot_touch_others_articles_or_published_ones()
    {
        using var site = new NashirFactory();
        var writer = await site.SignInAsync(Roles.Writer);
        var other = await site.SignInAsync(Roles.Writer);
        var editor = await site.SignInAsync(Roles.Editor);
        var mine = await CreateAsync(writer, "مسودتي");
        var published = await CreateAsync(editor, "خبر منشور", action: "publish");

        using (var r = await other.GetAsync($"/newsroom/articles/{mine}"))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await writer.GetAsync($"/newsroom/articles/{published}"))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        // A valid token of the other writer's own session (from their "new article" page): only the rule can refuse it.
        var otherPage = await other.GetDocumentAsync("/newsroom/articles/new");
        var token = otherPage.QuerySelector("#article-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Version", "1"),
            new("Headline", "اختطاف"), new("Body", "<p>x</p>"), new("action", "save")]);
        using (var r = await other.PostAsync($"/newsroom/articles/{mine}", post))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using var autosave = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Headline", "اختطاف"), new("Body", "<p>x</p>")]);
        using (var r = await other.PostAsync($"/newsroom/articles/{mine}?handler=Autosave", autosave))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var saved = await site.WithDbAsync(db => db.Articles.Where(a => a.Id == mine).Select(a => new { a.Headline, a.Body, a.Version }).SingleAsync());
        Assert.Equal(("مسودتي", "<p dir=\"rtl\">نص الخبر الأول.</p>", 1), (saved.Headline, saved.Body, saved.Version));
        Assert.Equal(0, await site.WithDbAsync(db => db.ArticleAutosaves.CountAsync()));
    }

    [Fact]
    public async Task Moderators_cannot_open_the_editor()
    {
        using var site = new NashirFactory();
        var moderator = await site.SignInAsync(Roles.Moderator);

        using var response = await moderator.GetAsync("/newsroom/articles/new");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Unpublished_article_disappears_for_readers()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);
        var id = await CreateAsync(editor, "خبر سيُسحب", action: "publish");
        var slug = await site.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.Slug).SingleAsync());

        using (var r = await ActAsync(editor, id, "unpublish"))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        using var reader = await site.CreateReader().GetAsync(NashirFactory.ArticlePath(slug));
        Assert.Equal(HttpStatusCode.NotFound, reader.StatusCode);
        Assert.Equal(ArticleStatus.Unpublished, await StatusAsync(site, id));
    }

    [Fact]
    public async Task Changing_the_slug_of_a_published_article_keeps_the_old_address_working()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);
        var id = await CreateAsync(editor, "عنوان أول للخبر", action: "publish");

        using (var r = await ActAsync(editor, id, "save", ("Slug", "عنوان ثان")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        using var old = await site.CreateReader().GetAsync(NashirFactory.ArticlePath("عنوان-أول-للخبر"));
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal(NashirFactory.ArticlePath("عنوان-ثان"), old.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Slug_taken_by_another_article_is_refused_in_arabic()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);
        await CreateAsync(editor, "الخبر الأول");
        var second = await CreateAsync(editor, "الخبر الثاني");

        using var response = await ActAsync(editor, second, "save", ("Slug", "الخبر-الأول"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("هذا الرابط المختصر مستخدم لمقال آخر.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_form_keeps_what_was_typed_and_explains_in_arabic()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);

        using var response = await editor.SubmitFormAsync("/newsroom/articles/new", "#article-form",
            ("Headline", "   "), ("Body", "<p>نص مهم لا يجوز أن يضيع</p>"), ("Dek", "موجز"), ("action", "publish"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("يرجى كتابة العنوان.", page.QuerySelector("#headline-error")!.Text());
        Assert.Equal("<p>نص مهم لا يجوز أن يضيع</p>", page.QuerySelector("#body")!.TextContent);
        Assert.Equal("موجز", page.QuerySelector("#dek")!.TextContent);
        Assert.Equal(0, await site.WithDbAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task Second_editor_to_save_gets_a_conflict_and_loses_nothing()
    {
        using var site = new NashirFactory();
        var alice = await site.SignInAsync(Roles.Editor);
        var bob = await site.SignInAsync(Roles.Editor);
        var id = await CreateAsync(alice, "خبر مشترك");
        var alicePage = await alice.GetDocumentAsync($"/newsroom/articles/{id}");
        var bobPage = await bob.GetDocumentAsync($"/newsroom/articles/{id}");

        using (var first = await alice.SubmitFormAsync(alicePage.QuerySelector("#article-form")!, $"/newsroom/articles/{id}",
            ("Body", "<p>نسخة أليس</p>"), ("action", "save")))
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var second = await bob.SubmitFormAsync(bobPage.QuerySelector("#article-form")!, $"/newsroom/articles/{id}",
            ("Body", "<p>نسخة بوب</p>"), ("action", "save"));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var conflictPage = Html.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal("عدّل شخص آخر هذا المقال أثناء تحريرك", conflictPage.QuerySelector(".conflict h2")!.Text());
        Assert.Contains("نسخة أليس", conflictPage.QuerySelector(".conflict .diff")!.Text(), StringComparison.Ordinal);
        Assert.Equal("<p>نسخة بوب</p>", conflictPage.QuerySelector("#body")!.TextContent);
        Assert.Contains("<p dir=\"rtl\">نسخة أليس</p>", await site.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.Body).SingleAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await site.WithDbAsync(db => db.ArticleAutosaves.CountAsync(s => s.ArticleId == id && s.Fields.Contains("نسخة بوب"))));

        // Bob has seen Alice's change and saves his version over it on purpose.
        using var again = await bob.SubmitFormAsync(conflictPage.QuerySelector("#article-form")!, $"/newsroom/articles/{id}", ("action", "save"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("<p dir=\"rtl\">نسخة بوب</p>", await site.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.Body).SingleAsync()));
    }

    [Fact]
    public async Task Scheduling_needs_a_future_time_in_the_site_zone()
    {
        using var site = new NashirFactory(); // now: 2024-10-01 09:00 UTC = 12:00 in Aden
        var editor = await site.SignInAsync(Roles.Editor);
        var id = await CreateAsync(editor, "خبر مجدول");

        using (var past = await ActAsync(editor, id, "schedule", ("ScheduledFor", "2024-10-01T11:00")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
            Assert.Contains("موعد النشر يجب أن يكون في المستقبل.", await past.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var bad = await ActAsync(editor, id, "schedule", ("ScheduledFor", "غداً")))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var future = await ActAsync(editor, id, "schedule", ("ScheduledFor", "2024-10-01T13:30")))
            Assert.Equal(HttpStatusCode.Redirect, future.StatusCode);

        var article = await site.WithDbAsync(db => db.Articles.SingleAsync(a => a.Id == id));
        Assert.Equal(ArticleStatus.Scheduled, article.Status);
        Assert.Equal(new DateTime(2024, 10, 1, 10, 30, 0, DateTimeKind.Utc), article.ScheduledFor);
    }

    [Fact]
    public async Task Tags_are_created_on_the_fly_and_reused()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);

        await CreateAsync(editor, "الأول", more: ("Tags", "اليمن، الاقتصاد, اليمن"));
        await CreateAsync(editor, "الثاني", more: ("Tags", "الاقتصاد"));

        var tags = await site.WithDbAsync(db => db.Tags.Select(t => new { t.Name, t.Slug, Count = t.Articles.Count }).OrderBy(t => t.Name).ToListAsync());
        Assert.Equal(2, tags.Count);
        Assert.Equal(("الاقتصاد", 2), (tags[0].Name, tags[0].Count));
        Assert.Equal(("اليمن", "اليمن", 1), (tags[1].Name, tags[1].Slug, tags[1].Count));
    }

    [Fact]
    public async Task Byline_defaults_to_the_site_and_agencies_when_a_source_is_chosen()
    {
        using var site = new NashirFactory();
        var sourceId = await site.WithDbAsync(async db =>
        {
            var source = new Source { Name = "الأناضول" };
            db.Sources.Add(source);
            await db.SaveChangesAsync();
            return source.Id;
        });
        var editor = await site.SignInAsync(Roles.Editor);

        var id = await CreateAsync(editor, "خبر من وكالة", more: ("SourceIds", sourceId.ToString(CultureInfo.InvariantCulture)));

        Assert.Equal("الرأي برس - وكالات", await site.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.Byline).SingleAsync()));
    }

    [Fact]
    public async Task Revision_can_be_compared_and_restored()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);
        var id = await CreateAsync(editor, "عنوان", "<p>الفقرة الأصلية</p>", "publish");
        using (var r = await ActAsync(editor, id, "save", ("Body", "<p>فقرة خاطئة</p>")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var diff = await editor.GetDocumentAsync($"/newsroom/articles/{id}/revisions?version=2");
        Assert.Equal("الفقرة الأصلية", diff.QuerySelector(".diff .diff-modified, .diff .diff-deleted")!.Text());
        using var restore = await editor.SubmitFormAsync($"/newsroom/articles/{id}/revisions?version=1", "form[action*=Restore]");

        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        var article = await site.WithDbAsync(db => db.Articles.SingleAsync(a => a.Id == id));
        Assert.Equal("<p dir=\"rtl\">الفقرة الأصلية</p>", article.Body);
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal(3, await site.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == id)));
    }

    [Fact]
    public async Task Autosave_keeps_the_draft_and_the_editor_offers_it_back()
    {
        using var site = new NashirFactory();
        var writer = await site.SignInAsync(Roles.Writer);
        var id = await CreateAsync(writer, "مسودة");
        site.Clock.Advance(TimeSpan.FromMinutes(5));

        using var autosave = await writer.SubmitFormAsync($"/newsroom/articles/{id}", "#article-form", ("Body", "<p>ما كتبته قبل انقطاع الاتصال</p>"));
        Assert.Equal(HttpStatusCode.Redirect, autosave.StatusCode); // a plain post is a save; the script posts to the autosave handler
        using var content = await ScriptAutosaveAsync(writer, id, "<p>نص لم يُحفظ بعد</p>");
        Assert.Equal(HttpStatusCode.NoContent, content.StatusCode);

        // Opening the article again, the editor offers the draft (it is newer than the last save) and restores it on request.
        var page = await writer.GetDocumentAsync($"/newsroom/articles/{id}");
        Assert.Equal("<p dir=\"rtl\">ما كتبته قبل انقطاع الاتصال</p>", page.QuerySelector("#body")!.TextContent);
        var offer = page.QuerySelector(".notice a[href$='restore=autosave']");
        Assert.NotNull(offer);
        Assert.Equal("استعادتها", offer!.Text());
        var restored = await writer.GetDocumentAsync(offer.GetAttribute("href")!);
        Assert.Equal("<p>نص لم يُحفظ بعد</p>", restored.QuerySelector("#body")!.TextContent);

        // Once saved, nothing is offered any more.
        using (var saved = await writer.SubmitFormAsync(restored.QuerySelector("#article-form")!, $"/newsroom/articles/{id}", ("action", "save")))
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Null((await writer.GetDocumentAsync($"/newsroom/articles/{id}")).QuerySelector(".notice a[href$='restore=autosave']"));
    }

    private static async Task<HttpResponseMessage> ScriptAutosaveAsync(HttpClient client, int id, string body)
    {
        var page = await client.GetDocumentAsync($"/newsroom/articles/{id}");
        var form = page.QuerySelector("#article-form")!;
        var url = form.GetAttribute("data-autosave-url")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var multipart = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("مسودة"), "Headline" },
            { new StringContent(body), "Body" },
        };
        return await client.PostAsync(url, multipart);
    }

    private static Task<ArticleStatus> StatusAsync(NashirFactory site, int id) =>
        site.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.Status).SingleAsync());
}

public sealed class ArticleDeletionTests
{
    [Fact]
    public async Task Deleting_asks_first_and_says_what_will_be_lost()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر سيُحذف");
        var editor = await site.SignInAsync(Roles.Editor);

        var editorPage = await editor.GetDocumentAsync($"/newsroom/articles/{article.Id}");
        var link = editorPage.QuerySelector(".delete-article a")!.GetAttribute("href")!;
        var confirmation = await editor.GetDocumentAsync(link);

        Assert.Equal("التعليقات: 0", confirmation.QuerySelector(".impact-comments")!.Text());
        Assert.Contains("404", confirmation.QuerySelector(".impact-address")!.Text(), StringComparison.Ordinal);
        Assert.NotNull(confirmation.QuerySelector("form.unpublish-instead"));
        Assert.NotNull(confirmation.QuerySelector("form.confirm-delete input[name=confirmLive][type=checkbox]"));
        Assert.Equal(1, await site.WithDbAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task A_post_without_the_confirmation_deletes_nothing()
    {
        using var site = new NashirFactory();
        var draft = await site.PublishAsync("مسودة ستبقى", configure: a => (a.Status, a.PublishedAt) = (ArticleStatus.Draft, null));
        var editor = await site.SignInAsync(Roles.Editor);
        var token = (await editor.GetDocumentAsync($"/newsroom/articles/{draft.Id}/delete"))
            .QuerySelector("form.confirm-delete input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var response = await editor.PostAsync($"/newsroom/articles/{draft.Id}/delete", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, await site.WithDbAsync(db => db.Articles.CountAsync()));
        Assert.Equal(0, await site.WithDbAsync(db => db.AuditLog.CountAsync(e => e.Action == "article.deleted")));
    }

    [Fact]
    public async Task A_live_article_needs_the_second_confirmation_then_is_deleted_and_audited()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر سيُحذف");
        var editor = await site.SignInAsync(Roles.Editor);
        var path = $"/newsroom/articles/{article.Id}/delete";

        using (var once = await editor.SubmitFormAsync(path, "form.confirm-delete"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, once.StatusCode);
            Assert.Contains("ظاهر للقراء", Html.Parse(await once.Content.ReadAsStringAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        }
        Assert.Equal(1, await site.WithDbAsync(db => db.Articles.CountAsync()));

        using var response = await editor.SubmitFormAsync(path, "form.confirm-delete", ("confirmLive", "true"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await site.WithDbAsync(db => db.Articles.CountAsync()));
        var entry = await site.WithDbAsync(db => db.AuditLog.SingleAsync(e => e.Action == "article.deleted"));
        Assert.Equal("خبر سيُحذف", entry.Details);
        Assert.Equal(article.Id.ToString(CultureInfo.InvariantCulture), entry.TargetId);
        Assert.StartsWith("editor-", entry.UserName, StringComparison.Ordinal);
        using var reader = await site.CreateReader().GetAsync(NashirFactory.ArticlePath(article.Slug));
        Assert.Equal(HttpStatusCode.NotFound, reader.StatusCode);
    }

    [Fact]
    public async Task The_confirmation_page_offers_unpublishing_instead()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر يُسحب ولا يُحذف");
        var editor = await site.SignInAsync(Roles.Editor);

        using var response = await editor.SubmitFormAsync($"/newsroom/articles/{article.Id}/delete", "form.unpublish-instead");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(ArticleStatus.Unpublished, await site.WithDbAsync(db => db.Articles.Where(a => a.Id == article.Id).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task Writers_cannot_delete()
    {
        using var site = new NashirFactory();
        var writer = await site.SignInAsync(Roles.Writer);
        using var created = await writer.SubmitFormAsync("/newsroom/articles/new", "#article-form", ("Headline", "مسودة كاتب"), ("action", "save"));
        var id = created.Headers.Location!.OriginalString.Split('/')[^1];
        var page = await writer.GetDocumentAsync($"/newsroom/articles/{id}");
        Assert.Null(page.QuerySelector(".delete-article"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using (var confirmation = await writer.GetAsync($"/newsroom/articles/{id}/delete"))
            Assert.Equal(HttpStatusCode.Forbidden, confirmation.StatusCode);
        using var response = await writer.PostAsync($"/newsroom/articles/{id}/delete",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("confirm", "true")]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, await site.WithDbAsync(db => db.Articles.CountAsync()));
    }
}

public sealed class LeadImageUploadTests
{
    [Fact]
    public async Task Editor_uploads_a_lead_image_with_the_article_and_readers_get_a_responsive_picture()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);
        var page = await editor.GetDocumentAsync("/newsroom/articles/new");
        var token = page.QuerySelector("#article-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var image = new ByteArrayContent(Nashir.Tests.Media.TestImages.Jpeg(1200, 800));
        image.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("0"), "Version" },
            { new StringContent("افتتاح الجسر الجديد"), "Headline" },
            { new StringContent("<p>افتُتح الجسر صباح اليوم.</p>"), "Body" },
            { new StringContent("الجسر عند الافتتاح"), "LeadImageCaption" },
            { new StringContent("publish"), "action" },
            { image, "LeadImageUpload", "bridge.jpg" },
        };

        using var response = await editor.PostAsync("/newsroom/articles/new", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var article = await site.WithDbAsync(db => db.Articles.Include(a => a.LeadImage).SingleAsync());
        Assert.NotNull(article.LeadImage);
        Assert.Equal("الجسر عند الافتتاح", article.LeadImage!.Caption);
        var story = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));
        Assert.NotNull(story.QuerySelector("figure.lead-image picture source[type='image/webp'][srcset]"));
        Assert.StartsWith("الجسر عند الافتتاح", story.QuerySelector("figure.lead-image figcaption")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_is_refused_and_the_article_text_is_kept()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);
        var page = await editor.GetDocumentAsync("/newsroom/articles/new");
        var token = page.QuerySelector("#article-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var fake = new ByteArrayContent("هذا ليس صورة"u8.ToArray());
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("عنوان مهم"), "Headline" },
            { new StringContent("<p>نص لا يضيع</p>"), "Body" },
            { new StringContent("save"), "action" },
            { fake, "LeadImageUpload", "photo.jpg" },
        };

        using var response = await editor.PostAsync("/newsroom/articles/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("ليس صورة", html.QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        Assert.Equal("<p>نص لا يضيع</p>", html.QuerySelector("#body")!.TextContent);
        Assert.Equal(0, await site.WithDbAsync(db => db.Articles.CountAsync()));
        Assert.Equal(0, await site.WithDbAsync(db => db.Media.CountAsync()));
    }
}
