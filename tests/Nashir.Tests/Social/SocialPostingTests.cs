using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Import;
using Nashir.Social;

namespace Nashir.Tests.Social;

/// <summary>What goes out on publish, and what never does.</summary>
public sealed class SocialPostingTests
{
    [Fact]
    public async Task Publishing_posts_photo_with_escaped_caption_hashtags_and_link_to_telegram_and_a_link_post_to_facebook()
    {
        await using var stub = await SocialStub.StartAsync();
        using var site = stub.Configure(new NashirFactory());
        var category = await site.CreateCategoryAsync("الشرق الأوسط");
        var photo = await site.AddPhotoAsync();
        var editor = await site.SignInAsync(Roles.Editor);

        var id = await editor.PublishInEditorAsync("قمة <عاجلة> في \"الرياض\" & جدة",
            ("Dek", "اجتماع طارئ لبحث التصعيد <script>alert(1)</script>"),
            ("CategoryId", category.Id.ToString(CultureInfo.InvariantCulture)),
            ("Tags", "كوفيد-19، «غزة»، داعش"),
            ("LeadImageId", photo.Id.ToString(CultureInfo.InvariantCulture)));
        var slug = await site.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.Slug).SingleAsync());
        var link = "https://alraai.example" + NashirFactory.ArticlePath(slug);

        await site.SendDueAsync();

        var telegram = Assert.Single(stub.Telegram);
        Assert.Equal("sendPhoto", telegram.Method);
        Assert.Equal($"/bot{SocialStub.BotToken}/sendPhoto", telegram.Path);
        Assert.Equal(SocialStub.ChatId, telegram.Fields["chat_id"]);
        Assert.Equal("HTML", telegram.Fields["parse_mode"]);
        Assert.Equal("https://alraai.example/media/2024/10/lead-1280.jpg", telegram.Fields["photo"]);
        var caption = telegram.Fields["caption"];
        Assert.StartsWith("<b>قمة &lt;عاجلة&gt; في &quot;الرياض&quot; &amp; جدة</b>", caption, StringComparison.Ordinal);
        Assert.Contains("اجتماع طارئ لبحث التصعيد &lt;script&gt;alert(1)&lt;/script&gt;", caption, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", caption, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{link}\">{link}</a>", caption, StringComparison.Ordinal);
        Assert.EndsWith("#الشرق_الأوسط #كوفيد_19 #غزة #داعش", caption, StringComparison.Ordinal);
        Assert.True(caption.Length <= 1024);

        var facebook = Assert.Single(stub.Facebook);
        Assert.Equal($"/v19.0/{SocialStub.PageId}/feed", facebook.Path);
        Assert.Equal(link, facebook.Fields["link"]);
        Assert.Equal(SocialStub.PageToken, facebook.Fields["access_token"]);
        Assert.Equal("قمة <عاجلة> في \"الرياض\" & جدة\n\nاجتماع طارئ لبحث التصعيد <script>alert(1)</script>\n\n#الشرق_الأوسط #كوفيد_19 #غزة #داعش",
            facebook.Fields["message"]);

        var posts = await site.PostsAsync();
        Assert.All(posts, p => Assert.Equal((SocialPostStatus.Sent, 1, SocialPostKind.Publish), (p.Status, p.Attempts, p.Kind)));
        Assert.Matches("^[0-9]+$", posts.Single(p => p.Channel == SocialChannel.Telegram).RemoteId!);
        Assert.StartsWith(SocialStub.PageId + "_", posts.Single(p => p.Channel == SocialChannel.Facebook).RemoteId, StringComparison.Ordinal);

        // Nothing is due any more: saving the live article again, or another round, posts nothing.
        using (var saved = await editor.SubmitFormAsync($"/newsroom/articles/{id}", "#article-form", ("action", "save")))
            Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(0, await site.SendDueAsync());
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task Without_a_lead_image_telegram_gets_a_message_and_the_background_worker_sends_it_within_moments()
    {
        await using var stub = await SocialStub.StartAsync();
        using var site = stub.Configure(new NashirFactory(), facebook: false);
        var editor = await site.SignInAsync(Roles.Editor);

        await editor.PublishInEditorAsync("انقطاع الكهرباء عن العاصمة");

        // No explicit round: the publish wakes the poster.
        await stub.WaitForRequestsAsync(1);
        var request = Assert.Single(stub.Requests);
        Assert.Equal("sendMessage", request.Method);
        Assert.StartsWith("<b>انقطاع الكهرباء عن العاصمة</b>", request.Fields["text"], StringComparison.Ordinal);
        Assert.False(request.Fields.ContainsKey("photo"));
        Assert.Single(await site.PostsAsync());
    }

    [Fact]
    public async Task A_photo_telegram_cannot_use_falls_back_to_a_text_message_in_the_same_attempt()
    {
        await using var stub = await SocialStub.StartAsync();
        using var site = stub.Configure(new NashirFactory(), facebook: false);
        var photo = await site.AddPhotoAsync();
        var editor = await site.SignInAsync(Roles.Editor);
        stub.TelegramAnswers(400, """{"ok":false,"error_code":400,"description":"Bad Request: failed to get HTTP URL content"}""");

        await editor.PublishInEditorAsync("صورة لا تصل", ("LeadImageId", photo.Id.ToString(CultureInfo.InvariantCulture)));
        await site.SendDueAsync();

        Assert.Equal(["sendPhoto", "sendMessage"], stub.Requests.Select(r => r.Method));
        var post = await site.PostAsync(SocialChannel.Telegram);
        Assert.Equal((SocialPostStatus.Sent, 1), (post.Status, post.Attempts));
    }

    [Fact]
    public async Task Scheduled_publishing_posts_once_and_publishing_again_after_an_unpublish_does_not_post_again()
    {
        await using var stub = await SocialStub.StartAsync();
        using var site = stub.Configure(new NashirFactory());
        var article = await site.PublishAsync("مؤتمر صحفي مجدول", configure: a =>
        {
            a.Status = ArticleStatus.Scheduled;
            a.PublishedAt = null;
            a.ScheduledFor = site.Clock.GetUtcNow().UtcDateTime.AddMinutes(5);
        });
        Assert.Empty(await site.PostsAsync());

        site.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await site.Services.GetRequiredService<ScheduledPublisher>().PublishDueAsync());
        await site.SendDueAsync();
        Assert.Equal(2, stub.Requests.Count);

        var editor = await site.SignInAsync(Roles.Editor);
        using (var down = await editor.SubmitFormAsync($"/newsroom/articles/{article.Id}", "#article-form", ("action", "unpublish")))
            Assert.Equal(System.Net.HttpStatusCode.Redirect, down.StatusCode);
        using (var up = await editor.SubmitFormAsync($"/newsroom/articles/{article.Id}", "#article-form", ("action", "publish")))
            Assert.Equal(System.Net.HttpStatusCode.Redirect, up.StatusCode);
        await site.SendDueAsync();

        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(2, (await site.PostsAsync()).Count);
    }

    [Fact]
    public async Task Repost_on_a_major_update_posts_an_update_once_per_save_that_asks_for_it()
    {
        await using var stub = await SocialStub.StartAsync();
        using var site = stub.Configure(new NashirFactory(), facebook: false);
        var editor = await site.SignInAsync(Roles.Editor);
        var id = await editor.PublishInEditorAsync("حصيلة أولية للزلزال");
        await site.SendDueAsync();

        var form = await editor.GetDocumentAsync($"/newsroom/articles/{id}");
        Assert.Equal("إعادة النشر على القنوات", form.QuerySelector("label[for=repost]")!.Text());
        using (var updated = await editor.SubmitFormAsync($"/newsroom/articles/{id}", "#article-form",
            ("Headline", "ارتفاع حصيلة الزلزال إلى 40 قتيلاً"), ("Repost", "true"), ("action", "save")))
            Assert.Equal(System.Net.HttpStatusCode.Redirect, updated.StatusCode);
        using (var quiet = await editor.SubmitFormAsync($"/newsroom/articles/{id}", "#article-form", ("action", "save")))
            Assert.Equal(System.Net.HttpStatusCode.Redirect, quiet.StatusCode);
        await site.SendDueAsync();

        Assert.Equal(2, stub.Requests.Count);
        Assert.StartsWith("<b>تحديث: ارتفاع حصيلة الزلزال إلى 40 قتيلاً</b>", stub.Requests[1].Fields["text"], StringComparison.Ordinal);
        var posts = await site.PostsAsync();
        Assert.Equal([SocialPostKind.Publish, SocialPostKind.Update], posts.Select(p => p.Kind));
        Assert.All(posts, p => Assert.Equal(SocialPostStatus.Sent, p.Status));
    }

    [Fact]
    public async Task Imported_articles_are_never_queued_or_posted()
    {
        await using var stub = await SocialStub.StartAsync();
        using var site = stub.Configure(new NashirFactory());
        const string Lines = """
            {"id":"SK-sport-1-20180101","title":"المنتخب يفوز على ضيفه","body":"فقرة.","category":"sport","published":"2018-01-01","source":"Sky News Arabia"}
            {"id":"BB-economy-2-20180102","title":"ارتفاع أسعار النفط","body":"فقرة.","category":"economy","published":"2018-01-02","source":"BBC Arabic"}
            """;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Lines));
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<ArticleImporter>().ImportAsync(
                JsonlArticles.ReadAsync(stream, TimeZoneInfo.FindSystemTimeZoneById("Asia/Aden"), _ => { }), stream.Length, null, CancellationToken.None);
            Assert.Equal(2, report.Added);
        }

        Assert.Equal(2, await site.WithDbAsync(db => db.Articles.CountAsync(a => a.Status == ArticleStatus.Published)));
        Assert.Equal(0, await site.SendDueAsync());
        Assert.Empty(await site.PostsAsync());
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Unconfigured_channels_queue_nothing_and_a_half_configured_one_is_not_active()
    {
        using var site = new NashirFactory()
            .With("Nashir:Social:Telegram:BotToken", SocialStub.BotToken) // no chat: Telegram stays off
            .With("Nashir:Social:Facebook:PageId", SocialStub.PageId);    // no token: Facebook stays off
        var editor = await site.SignInAsync(Roles.Editor);
        await editor.PublishInEditorAsync("خبر بلا قنوات");

        Assert.Empty(await site.PostsAsync());
        var page = await editor.GetDocumentAsync("/newsroom/social");
        Assert.All(page.QuerySelectorAll("#social-channels li"), li => Assert.Contains("غير مهيأة", li.Text(), StringComparison.Ordinal));
    }
}
