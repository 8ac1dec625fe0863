using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Audit;
using Nashir.Comments;

namespace Nashir.Tests.Comments;

public sealed class ModerationTests
{
    private static async Task<(NashirFactory Site, Article Article)> SiteWithPendingAsync(int count)
    {
        var site = new NashirFactory();
        var article = await site.PublishAsync("خبر للنقاش");
        var reader = site.CreateReader();
        for (var i = 0; i < count; i++)
        {
            using var r = await reader.PostAsync(NashirFactory.ArticlePath(article.Slug) + "?handler=Comment",
                new FormUrlEncodedContent([new("Name", $"قارئ {i}"), new("Text", $"رأي رقم {i}"), new("Email", $"r{i}@example.org")]));
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        return (site, article);
    }

    [Fact]
    public async Task Moderator_approves_from_the_queue_and_the_reader_sees_it()
    {
        var (site, article) = await SiteWithPendingAsync(2);
        using var _ = site;
        var moderator = await site.SignInAsync(Roles.Moderator);
        var queue = await moderator.GetDocumentAsync("/newsroom/comments");
        Assert.Equal(2, queue.QuerySelectorAll("#bulk-form tbody tr").Length);
        var firstId = queue.QuerySelector("#bulk-form input[name=ids]")!.GetAttribute("value")!;

        using var response = await moderator.SubmitFormAsync(queue.QuerySelector("#bulk-form")!, "/newsroom/comments", ("ids", firstId), ("decision", "approve"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));
        Assert.Equal(["رأي رقم 0"], page.QuerySelectorAll(".comment-text").Select(t => t.Text()));
        var approvedTab = await moderator.GetDocumentAsync("/newsroom/comments?tab=approved");
        Assert.Single(approvedTab.QuerySelectorAll("#bulk-form tbody tr"));
    }

    [Fact]
    public async Task Bulk_reject_and_spam_move_comments_between_tabs()
    {
        var (site, _) = await SiteWithPendingAsync(3);
        using var _s = site;
        var editor = await site.SignInAsync(Roles.Editor);
        var queue = await editor.GetDocumentAsync("/newsroom/comments");
        var ids = queue.QuerySelectorAll("#bulk-form input[name=ids]").Select(i => i.GetAttribute("value")!).ToList();

        using (var r = await editor.SubmitFormAsync(queue.QuerySelector("#bulk-form")!, "/newsroom/comments", ("ids", ids[0]), ("ids", ids[1]), ("decision", "reject")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        using (var r = await editor.SubmitFormAsync(queue.QuerySelector("#bulk-form")!, "/newsroom/comments", ("ids", ids[2]), ("decision", "spam")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var counts = await site.WithDbAsync(db => db.Comments.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        Assert.Equal(2, counts[CommentStatus.Rejected]);
        Assert.Equal(1, counts[CommentStatus.Spam]);
        var dashboard = await editor.GetDocumentAsync("/newsroom");
        Assert.Contains("التعليقات بانتظار المراجعة: 0", dashboard.QuerySelector("main")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Banned_commenter_lands_in_spam_and_past_comments_can_be_hidden()
    {
        var (site, article) = await SiteWithPendingAsync(1);
        using var _s = site;
        var moderator = await site.SignInAsync(Roles.Moderator);
        var id = await site.WithDbAsync(db => db.Comments.Select(c => c.Id).SingleAsync());

        using (var r = await moderator.SubmitFormAsync("/newsroom/comments", "form[action*=Ban]", ("id", id.ToString(CultureInfo.InvariantCulture)), ("hidePast", "true")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(CommentStatus.Spam, await site.WithDbAsync(db => db.Comments.Select(c => c.Status).SingleAsync()));

        using (await site.CreateReader().PostAsync(NashirFactory.ArticlePath(article.Slug) + "?handler=Comment",
            new FormUrlEncodedContent([new("Name", "نفس القارئ"), new("Text", "عدت من جديد")]))) { }
        var again = await site.WithDbAsync(db => db.Comments.SingleAsync(c => c.Text == "عدت من جديد"));
        Assert.Equal(CommentStatus.Spam, again.Status);
    }

    [Fact]
    public async Task Each_decision_is_in_the_audit_log_with_who_made_it()
    {
        var (site, _) = await SiteWithPendingAsync(3);
        using var _s = site;
        var (moderator, password) = await site.CreateUserAsync(Roles.Moderator);
        var client = site.CreateReader();
        using (var signIn = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", moderator.Email!), ("Password", password)))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var queue = await client.GetDocumentAsync("/newsroom/comments");
        var ids = queue.QuerySelectorAll("#bulk-form input[name=ids]").Select(i => i.GetAttribute("value")!).ToList();

        using (var r = await client.SubmitFormAsync(queue.QuerySelector("#bulk-form")!, "/newsroom/comments", ("ids", ids[0]), ("ids", ids[1]), ("ids", "999999"), ("decision", "reject")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        using (var r = await client.SubmitFormAsync(queue.QuerySelector("#bulk-form")!, "/newsroom/comments", ("ids", ids[2]), ("decision", "approve")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var entries = await site.WithDbAsync(db => db.AuditLog.Where(a => a.TargetType == "comment").OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(
            [(AuditActions.CommentRejected, ids[0]), (AuditActions.CommentRejected, ids[1]), (AuditActions.CommentApproved, ids[2])],
            entries.Select(e => (e.Action, e.TargetId!)));
        Assert.All(entries, e => Assert.Equal((moderator.Id, moderator.Email, moderator.DisplayName), (e.UserId, e.UserName, e.UserDisplayName)));
        var admin = await site.SignInAsync(Roles.Admin);
        var log = await admin.GetDocumentAsync("/newsroom/audit");
        var shown = log.QuerySelectorAll("#audit-log tbody tr").Select(r => (r.QuerySelectorAll("td")[2].Text(), r.QuerySelectorAll("td")[3].Text())).ToList();
        Assert.Contains(("رفض تعليق", "تعليق #" + ids[0]), shown);
        Assert.Contains(("نشر تعليق", "تعليق #" + ids[2]), shown);
    }

    [Fact]
    public async Task A_ban_is_audited_and_hiding_past_comments_records_who_hid_them()
    {
        var (site, article) = await SiteWithPendingAsync(1);
        using var _s = site;
        var (moderator, password) = await site.CreateUserAsync(Roles.Moderator);
        var client = site.CreateReader();
        using (var signIn = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", moderator.Email!), ("Password", password)))
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        // A second comment from the same reader (same address), already approved: hiding reaches it too.
        using (await site.CreateReader().PostAsync(NashirFactory.ArticlePath(article.Slug) + "?handler=Comment",
            new FormUrlEncodedContent([new("Name", "قارئ 0"), new("Text", "رأي آخر")]))) { }
        var id = await site.WithDbAsync(db => db.Comments.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
        site.Clock.Advance(TimeSpan.FromMinutes(5));

        using (var r = await client.SubmitFormAsync("/newsroom/comments", "form[action*=Ban]", ("id", id.ToString(CultureInfo.InvariantCulture)), ("hidePast", "true")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var comments = await site.WithDbAsync(db => db.Comments.ToListAsync());
        Assert.Equal(2, comments.Count);
        Assert.All(comments, c => Assert.Equal((CommentStatus.Spam, site.Clock.GetUtcNow().UtcDateTime, moderator.Id), (c.Status, c.ModeratedAt!.Value, c.ModeratedById!)));
        var entry = await site.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.TargetType == "comment"));
        Assert.Equal((AuditActions.CommenterBanned, id.ToString(CultureInfo.InvariantCulture), moderator.Id, moderator.DisplayName), (entry.Action, entry.TargetId, entry.UserId, entry.UserDisplayName));
        Assert.Contains("أُخفي 2", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writers_cannot_moderate()
    {
        using var site = new NashirFactory();
        var writer = await site.SignInAsync(Roles.Writer);

        using var response = await writer.GetAsync("/newsroom/comments");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Word_added_in_the_newsroom_takes_effect_at_once()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر");
        var moderator = await site.SignInAsync(Roles.Moderator);

        using (var r = await moderator.SubmitFormAsync("/newsroom/comments/words", "form[action*=Add]", ("words", "شتيمة"), ("kind", "Banned")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        using (await site.CreateReader().PostAsync(NashirFactory.ArticlePath(article.Slug) + "?handler=Comment",
            new FormUrlEncodedContent([new("Name", "قارئ"), new("Text", "هذه شتيمه")]))) { }

        Assert.Equal(CommentStatus.Spam, await site.WithDbAsync(db => db.Comments.Select(c => c.Status).SingleAsync()));
    }

    [Theory]
    [InlineData("/newsroom/comments?tab=nothing")]
    [InlineData("/newsroom/comments?page=x")]
    public async Task Bad_queue_parameters_are_a_400(string path)
    {
        using var site = new NashirFactory();
        var moderator = await site.SignInAsync(Roles.Moderator);

        using var response = await moderator.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
