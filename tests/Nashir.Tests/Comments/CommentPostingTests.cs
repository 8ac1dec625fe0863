using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;
using Nashir.Comments;
using Nashir.Tests.Feeds;

namespace Nashir.Tests.Comments;

public sealed class CommentPostingTests
{
    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static string PostPath(Article article) => NashirFactory.ArticlePath(article.Slug) + "?handler=Comment";

    [Fact]
    public async Task Posted_comment_is_saved_pending_and_the_reader_sees_the_confirmation()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر للتعليق");
        var reader = site.CreateReader();

        using var response = await reader.PostAsync(PostPath(article),
            Form(("Name", "أحمد"), ("Subject", "رأي"), ("Text", "تعليق\u202E مفيد   جداً")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await site.WithDbAsync(db => db.Comments.SingleAsync());
        Assert.Equal(CommentStatus.Pending, saved.Status);
        Assert.Equal("تعليق مفيد جداً", saved.Text);
        var page = await reader.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("تم استلام تعليقك وسيظهر بعد المراجعة.", page.QuerySelector(".notice")!.Text());
        Assert.Null(page.QuerySelector(".comment-list")); // pending comments are not shown
    }

    [Fact]
    public async Task Posting_reads_only_what_taking_a_comment_needs_not_the_article_page()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر للتعليق");
        var (sql, reader) = SqlCounter.For(site);
        using var _ = sql;

        var (response, queries) = await sql.CountAsync(() => reader.PostAsync(PostPath(article), Form(("Name", "أحمد"), ("Text", "تعليق قصير"))));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await site.WithDbAsync(db => db.Comments.CountAsync()));
        // The article (1), the settings (1), rate limits (2), duplicates (2), bans (1), word lists (2), the
        // commenter's record (1) and the insert (1): nothing of the page (related stories, comments, navigation).
        Assert.InRange(queries, 1, 11);
        response.Dispose();
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("999999")]
    public async Task A_reply_to_a_comment_that_is_not_there_is_refused_in_arabic(string parentId)
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر للتعليق");

        using var response = await site.CreateReader().PostAsync(PostPath(article), Form(("Name", "أحمد"), ("Text", "ردي على التعليق"), ("parentId", parentId)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("التعليق الذي تردّ عليه غير موجود.", page.QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        Assert.Equal("ردي على التعليق", page.QuerySelector("#comment-text")!.TextContent);
        Assert.Equal(0, await site.WithDbAsync(db => db.Comments.CountAsync()));
    }

    [Fact]
    public async Task Invalid_comment_is_refused_in_arabic_and_keeps_what_was_typed()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر للتعليق");

        using var response = await site.CreateReader().PostAsync(PostPath(article),
            Form(("Name", "م"), ("Subject", ""), ("Text", "نص طويل بما يكفي")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("يجب أن يكون الاسم بين 2 و60 حرفاً.", page.QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        Assert.Equal("نص طويل بما يكفي", page.QuerySelector("#comment-text")!.TextContent);
        Assert.Equal(0, await site.WithDbAsync(db => db.Comments.CountAsync()));
    }

    [Fact]
    public async Task Closed_articles_refuse_comments()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر مغلق", configure: a => a.CommentMode = CommentMode.Closed);

        using var response = await site.CreateReader().PostAsync(PostPath(article), Form(("Name", "أحمد"), ("Text", "تعليق")));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(0, await site.WithDbAsync(db => db.Comments.CountAsync()));
    }

    [Fact]
    public async Task Cross_site_posts_are_refused()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر");
        using var request = new HttpRequestMessage(HttpMethod.Post, PostPath(article)) { Content = Form(("Name", "أحمد"), ("Text", "تعليق")) };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await site.CreateReader().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await site.WithDbAsync(db => db.Comments.CountAsync()));
    }

    [Fact]
    public async Task Honeypot_posts_are_dropped_silently()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر");

        using var response = await site.CreateReader().PostAsync(PostPath(article),
            Form(("Name", "بوت"), ("Text", "إعلان"), ("Website", "http://spam.example")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await site.WithDbAsync(db => db.Comments.CountAsync()));
    }

    [Theory]
    [InlineData("text/plain", "Name=x&Text=y")]
    [InlineData("application/json", "{\"Name\":\"أحمد\",\"Text\":\"تعليق\"}")]
    [InlineData("application/x-www-form-urlencoded", "Name=a%00b&Text=%00%00%00")]
    public async Task Malformed_posts_get_a_400_and_save_nothing(string contentType, string body)
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر");
        using var content = new StringContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await site.CreateReader().PostAsync(PostPath(article), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await site.WithDbAsync(db => db.Comments.CountAsync()));
    }

    [Fact]
    public async Task Percent_escapes_that_are_not_utf8_are_kept_as_typed_not_garbled()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر");
        using var content = new StringContent("Name=%FF%FE&Text=%C0%AF");
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");

        using var response = await site.CreateReader().PostAsync(PostPath(article), content);

        // The form reader leaves an escape it cannot decode as its characters: the reader's post is a readable, pending comment.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await site.WithDbAsync(db => db.Comments.SingleAsync());
        Assert.Equal(("%FF%FE", "%C0%AF", CommentStatus.Pending), (saved.Name, saved.Text, saved.Status));
    }
}
