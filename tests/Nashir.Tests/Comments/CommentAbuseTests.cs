using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Articles;
using Nashir.Comments;

namespace Nashir.Tests.Comments;

public sealed class CommentAbuseTests
{
    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static string PostPath(Article article) => NashirFactory.ArticlePath(article.Slug) + "?handler=Comment";

    private static async Task AddWordAsync(NashirFactory site, string word, WordListKind kind) =>
        await site.WithDbAsync(async db =>
        {
            db.CommentWords.Add(new CommentWord { Word = word, Normalized = WordFilter.Normalize(word), Kind = kind });
            await db.SaveChangesAsync();
        });

    [Fact]
    public async Task Sixth_comment_in_a_minute_is_refused_with_429_in_arabic()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر");
        var reader = site.CreateReader();

        for (var i = 0; i < 5; i++)
        {
            using var ok = await reader.PostAsync(PostPath(article), Form(("Name", "قارئ"), ("Text", $"تعليق رقم {i}")));
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }
        using var refused = await reader.PostAsync(PostPath(article), Form(("Name", "قارئ"), ("Text", "تعليق سادس")));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("أرسلت تعليقات كثيرة خلال دقيقة", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(5, await site.WithDbAsync(db => db.Comments.CountAsync()));

        site.Clock.Advance(TimeSpan.FromMinutes(2));
        using var later = await reader.PostAsync(PostPath(article), Form(("Name", "قارئ"), ("Text", "بعد دقيقتين")));
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }

    [Fact]
    public async Task Same_text_twice_is_refused_as_a_duplicate()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر");
        var reader = site.CreateReader();

        using var first = await reader.PostAsync(PostPath(article), Form(("Name", "قارئ"), ("Text", "رأيي في الخبر")));
        using var second = await reader.PostAsync(PostPath(article), Form(("Name", "قارئ"), ("Text", "رأيي   في الخبر")));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("وصلنا هذا التعليق من قبل.", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await site.WithDbAsync(db => db.Comments.CountAsync()));
    }

    [Theory]
    [InlineData("هذا كلام حقير")]
    [InlineData("هذا كلام الحقير")]
    [InlineData("هذا كلام والحقير")]
    [InlineData("هذا كلام حـــقـــيـــر")]
    [InlineData("هذا كلام حَقِير")]
    [InlineData("هذا كلام ح ق ي ر")]
    public async Task Banned_words_match_their_arabic_variants_and_mark_spam(string text)
    {
        using var site = new NashirFactory().With("Nashir:CommentMode", "Open");
        await AddWordAsync(site, "حقير", WordListKind.Banned);
        var article = await site.PublishAsync("خبر");

        using var response = await site.CreateReader().PostAsync(PostPath(article), Form(("Name", "قارئ"), ("Text", text)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode); // the poster is not told
        var comment = await site.WithDbAsync(db => db.Comments.SingleAsync());
        Assert.Equal(CommentStatus.Spam, comment.Status);
        Assert.Contains("كلمة محظورة", comment.HeldReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("الإرهابية", "تنظيمات الارهابيه")]
    [InlineData("مؤامرة", "هذه مءامره واضحة")]
    [InlineData("مستشفى", "في المستشفي")]
    public async Task Suspect_words_hold_the_comment_for_review(string listed, string text)
    {
        using var site = new NashirFactory().With("Nashir:CommentMode", "Open");
        await AddWordAsync(site, listed, WordListKind.Suspect);
        var article = await site.PublishAsync("خبر");

        using var response = await site.CreateReader().PostAsync(PostPath(article), Form(("Name", "قارئ"), ("Text", text)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("comment=received#comments", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var comment = await site.WithDbAsync(db => db.Comments.SingleAsync());
        Assert.Equal(CommentStatus.Pending, comment.Status);
    }

    [Fact]
    public async Task Word_lists_stay_fast_with_thousands_of_entries()
    {
        using var site = new NashirFactory();
        await site.WithDbAsync(async db =>
        {
            for (var i = 0; i < 5000; i++)
                db.CommentWords.Add(new CommentWord { Word = $"كلمة{i}", Normalized = $"كلمه{i}", Kind = WordListKind.Suspect });
            await db.SaveChangesAsync();
        });
        var filter = site.Services.GetRequiredService<WordFilter>();
        var text = string.Join(' ', Enumerable.Repeat("نص عادي طويل بلا كلمات ممنوعة", 100)) + " كلمة4999";

        var match = await filter.MatchAsync(text);

        Assert.Equal(["كلمة4999"], match.Suspect);
        Assert.Empty(match.Banned);
    }

    [Fact]
    public async Task More_than_two_links_wait_for_a_moderator_even_when_comments_are_open()
    {
        using var site = new NashirFactory().With("Nashir:CommentMode", "Open");
        var article = await site.PublishAsync("خبر");

        using var response = await site.CreateReader().PostAsync(PostPath(article),
            Form(("Name", "قارئ"), ("Text", "انظر https://a.example و https://b.example و www.c.example")));

        var comment = await site.WithDbAsync(db => db.Comments.SingleAsync());
        Assert.Equal(CommentStatus.Pending, comment.Status);
        Assert.Contains("روابط كثيرة", comment.HeldReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_mode_publishes_at_once_and_links_are_not_clickable()
    {
        using var site = new NashirFactory().With("Nashir:CommentMode", "Open");
        var article = await site.PublishAsync("خبر");
        var reader = site.CreateReader();

        using var response = await reader.PostAsync(PostPath(article), Form(("Name", "قارئ"), ("Text", "مصدر: https://example.org/x <b>غامق</b>")));
        var page = await reader.GetDocumentAsync(response.Headers.Location!.OriginalString);

        Assert.Equal("شكراً، نُشر تعليقك.", page.QuerySelector(".notice")!.Text());
        var text = page.QuerySelector(".comment-text")!;
        Assert.Equal("مصدر: https://example.org/x <b>غامق</b>", text.Text());
        Assert.Empty(text.QuerySelectorAll("a, b"));
    }

    [Fact]
    public async Task Comments_close_automatically_days_after_publication()
    {
        using var site = new NashirFactory().With("Nashir:CommentsCloseAfterDays", "7");
        var article = await site.PublishAsync("خبر قديم", site.Clock.GetUtcNow().UtcDateTime.AddDays(-8));

        using var response = await site.CreateReader().PostAsync(PostPath(article), Form(("Name", "قارئ"), ("Text", "تعليق متأخر")));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));
        Assert.Equal("التعليقات مغلقة على هذا الخبر.", page.QuerySelector(".comments-closed")!.Text());
        Assert.Null(page.QuerySelector(".comment-form"));
    }

    [Fact]
    public async Task Three_reports_hide_a_comment_for_the_moderators_one_report_per_reader()
    {
        using var site = new NashirFactory().With("Nashir:CommentMode", "Open");
        var article = await site.PublishAsync("خبر");
        var commentId = await site.WithDbAsync(async db =>
        {
            var c = new Comment { ArticleId = article.Id, Name = "أ", Text = "تعليق", Status = CommentStatus.Approved, CreatedAt = DateTime.UtcNow };
            db.Comments.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
        var reader = site.CreateReader();
        for (var i = 0; i < 3; i++)
        {
            using var r = await reader.PostAsync(NashirFactory.ArticlePath(article.Slug) + "?handler=Report", Form(("commentId", commentId.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var afterOneReader = await site.WithDbAsync(db => db.Comments.SingleAsync());
        Assert.Equal((1, CommentStatus.Approved), (afterOneReader.FlagCount, afterOneReader.Status));

        // Two more readers (the test host gives every client the same address, so they are simulated by hash).
        var hasher = site.Services.GetRequiredService<ClientHasher>();
        var desk = site.Services.CreateScope().ServiceProvider.GetRequiredService<CommentDesk>();
        await desk.ReportAsync(commentId, "10.0.0.2", default);
        await site.Services.CreateScope().ServiceProvider.GetRequiredService<CommentDesk>().ReportAsync(commentId, "10.0.0.3", default);

        var reported = await site.WithDbAsync(db => db.Comments.SingleAsync());
        Assert.Equal(CommentStatus.Pending, reported.Status);
        Assert.NotNull(reported.ReportedAt);
        Assert.NotEqual(hasher.Hash("10.0.0.2"), hasher.Hash("10.0.0.3"));
        var page = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));
        Assert.Null(page.QuerySelector(".comment-list"));
    }

    [Fact]
    public async Task Reply_appears_under_its_comment_and_replies_to_replies_are_refused()
    {
        using var site = new NashirFactory().With("Nashir:CommentMode", "Open");
        var article = await site.PublishAsync("خبر");
        var reader = site.CreateReader();
        using (await reader.PostAsync(PostPath(article), Form(("Name", "أحمد"), ("Text", "التعليق الأول")))) { }
        var parent = await site.WithDbAsync(db => db.Comments.SingleAsync());

        var form = await reader.GetDocumentAsync(NashirFactory.ArticlePath(article.Slug) + $"?replyTo={parent.Id}");
        using var reply = await reader.SubmitFormAsync(form.QuerySelector(".comment-form")!, NashirFactory.ArticlePath(article.Slug), ("Name", "سارة"), ("Text", "ردي على أحمد"));
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        var replyId = await site.WithDbAsync(db => db.Comments.Where(c => c.ParentId == parent.Id).Select(c => c.Id).SingleAsync());

        var page = await reader.GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));
        Assert.Equal("ردي على أحمد", page.QuerySelector($"#comment-{parent.Id} .comment-replies .comment-text")!.Text());

        using var nested = await reader.PostAsync(PostPath(article), Form(("Name", "خالد"), ("Text", "رد على الرد"), ("parentId", replyId.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(HttpStatusCode.BadRequest, nested.StatusCode);
    }

    [Fact]
    public async Task Client_address_is_stored_only_as_a_keyed_hash()
    {
        async Task<string> HashOfOnePostAsync(NashirFactory site)
        {
            var article = await site.PublishAsync("خبر");
            using (var posted = await site.CreateReader().PostAsync(PostPath(article), Form(("Name", "قارئ"), ("Text", "تعليق"))))
                Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            return (await site.WithDbAsync(db => db.Comments.SingleAsync())).ClientHash!;
        }
        using var withFileKey = new NashirFactory();
        using var withKeyA = new NashirFactory().With("Nashir:Comments:HashKey", "first-key");
        using var withKeyB = new NashirFactory().With("Nashir:Comments:HashKey", "second-key");

        var hashes = new[] { await HashOfOnePostAsync(withFileKey), await HashOfOnePostAsync(withKeyA), await HashOfOnePostAsync(withKeyB) };

        // The test server gives no client address, so every post comes from the same one ("unknown").
        const string address = "unknown";
        Assert.All(hashes, h => Assert.Matches("^[0-9A-F]{64}$", h));
        Assert.Equal(3, hashes.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Convert.ToHexString(HMACSHA256.HashData("first-key"u8, Encoding.UTF8.GetBytes(address))), hashes[1]);
        Assert.DoesNotContain(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(address))), hashes);
        var fileKey = Convert.FromBase64String(File.ReadAllText(Path.Combine(withFileKey.DataPath, "keys", "comment-hash.key")).Trim());
        Assert.Equal(32, fileKey.Length);
        Assert.Equal(Convert.ToHexString(HMACSHA256.HashData(fileKey, Encoding.UTF8.GetBytes(address))), hashes[0]);
    }

    [Fact]
    public async Task Five_thousand_comments_are_paged_not_rendered_at_once()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر مثير للجدل");
        await site.WithDbAsync(async db =>
        {
            var start = DateTime.UtcNow.AddDays(-1);
            for (var i = 0; i < 5000; i++)
                db.Comments.Add(new Comment { ArticleId = article.Id, Name = "قارئ", Text = $"تعليق {i}", Status = CommentStatus.Approved, CreatedAt = start.AddSeconds(i) });
            await db.SaveChangesAsync();
        });

        var page = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));

        Assert.Equal(50, page.QuerySelectorAll(".comment-list > .comment").Length);
        Assert.Equal("5000 تعليق", page.QuerySelector(".comment-count")!.Text());
        var more = page.QuerySelector(".comments a[rel=next]")!.GetAttribute("href")!;
        var second = await site.CreateReader().GetDocumentAsync(more);
        Assert.Equal("تعليق 50", second.QuerySelector(".comment-list > .comment .comment-text")!.Text());
    }
}

public sealed class CommentRetentionTests
{
    [Fact]
    public async Task Client_hashes_older_than_the_retention_period_are_erased()
    {
        using var site = new NashirFactory().With("Nashir:Comments:RetentionDays", "30");
        var article = await site.PublishAsync("خبر");
        var now = site.Clock.GetUtcNow().UtcDateTime;
        await site.WithDbAsync(async db =>
        {
            db.Comments.Add(new Comment { ArticleId = article.Id, Name = "قديم", Text = "قديم", ClientHash = "AA", CreatedAt = now.AddDays(-31) });
            db.Comments.Add(new Comment { ArticleId = article.Id, Name = "حديث", Text = "حديث", ClientHash = "BB", CreatedAt = now.AddDays(-29) });
            await db.SaveChangesAsync();
        });

        var erased = await site.Services.GetRequiredService<CommentRetention>().EraseOldHashesAsync();

        Assert.Equal(1, erased);
        var hashes = await site.WithDbAsync(db => db.Comments.OrderBy(c => c.CreatedAt).Select(c => c.ClientHash).ToListAsync());
        Assert.Equal([null, "BB"], hashes);
    }
}
