using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Tests.Wire;

namespace Nashir.Tests.Articles;

/// <summary>Every way an article is made or goes live records the same things: a revision, an audit entry, the queues.</summary>
public sealed class PublishingPathTests
{
    private static Task<Article> ScheduleAsync(NashirFactory site, string headline, DateTime at) =>
        site.PublishAsync(headline, configure: a =>
        {
            a.Status = ArticleStatus.Scheduled;
            a.PublishedAt = null;
            a.ScheduledFor = at;
            a.Version = 1;
        });

    [Fact]
    public async Task The_scheduler_publishes_with_a_revision_and_an_audit_entry()
    {
        using var site = new NashirFactory();
        var article = await ScheduleAsync(site, "خبر مجدول", site.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));

        Assert.Equal(1, await site.Services.GetRequiredService<ScheduledPublisher>().PublishDueAsync());

        var saved = await site.WithDbAsync(db => db.Articles.SingleAsync(a => a.Id == article.Id));
        Assert.Equal((ArticleStatus.Published, 2), (saved.Status, saved.Version));
        var revision = await site.WithDbAsync(db => db.ArticleRevisions.SingleAsync(r => r.ArticleId == article.Id));
        Assert.Equal((2, ArticleStatus.Published, "system"), (revision.Version, revision.Status, revision.UserName));
        var entry = await site.WithDbAsync(db => db.AuditLog.SingleAsync(e => e.Action == "article.published"));
        Assert.Equal(article.Id.ToString(CultureInfo.InvariantCulture), entry.TargetId);
    }

    [Fact]
    public async Task An_article_changed_under_the_scheduler_is_left_alone_and_the_next_one_still_goes_live()
    {
        using var site = new NashirFactory();
        var now = site.Clock.GetUtcNow().UtcDateTime;
        var first = await ScheduleAsync(site, "الأول", now.AddMinutes(-2));
        var second = await ScheduleAsync(site, "الثاني", now.AddMinutes(-1));
        var publisher = site.Services.GetRequiredService<ScheduledPublisher>();
        var due = await publisher.FindDueAsync();
        Assert.Equal([first.Id, second.Id], due.Select(d => d.Id));

        // Meanwhile an editor takes the first one back to the drafts (another context, another version).
        await site.WithDbAsync(async db =>
        {
            var a = await db.Articles.SingleAsync(x => x.Id == first.Id);
            (a.Status, a.ScheduledFor) = (ArticleStatus.Draft, null);
            a.Version++;
            await db.SaveChangesAsync();
        });

        Assert.Equal(1, await publisher.PublishAsync(due));

        var statuses = await site.WithDbAsync(db => db.Articles.OrderBy(a => a.Id).Select(a => a.Status).ToListAsync());
        Assert.Equal([ArticleStatus.Draft, ArticleStatus.Published], statuses);
        Assert.Equal(1, await site.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == second.Id)));
        Assert.Equal(0, await site.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == first.Id)));
        Assert.Equal([second.Id.ToString(CultureInfo.InvariantCulture)],
            await site.WithDbAsync(db => db.AuditLog.Where(e => e.Action == "article.published").Select(e => e.TargetId!).ToListAsync()));
    }

    [Fact]
    public async Task An_article_published_from_the_new_page_has_its_id_in_the_audit_entry_and_one_revision()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);

        using var response = await editor.SubmitFormAsync("/newsroom/articles/new", "#article-form",
            ("Headline", "خبر منشور فوراً"), ("Body", "<p>نص.</p>"), ("action", "publish"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var article = await site.WithDbAsync(db => db.Articles.SingleAsync());
        Assert.Equal(1, article.Version);
        Assert.Equal(1, await site.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == article.Id && r.Version == 1)));
        Assert.Equal(article.Id.ToString(CultureInfo.InvariantCulture),
            await site.WithDbAsync(db => db.AuditLog.Where(e => e.Action == "article.published").Select(e => e.TargetId).SingleAsync()));
        Assert.Equal(1, await site.WithDbAsync(db => db.SearchOutbox.CountAsync(o => o.ArticleId == article.Id)));
    }

    [Fact]
    public async Task Wire_adoption_makes_its_draft_through_the_same_path_with_a_revision_and_an_audit_entry()
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Serve("rss", "anadolu.rss.xml"), "rss");
        await site.PollAsync();
        var writer = await site.SignInAsync(Roles.Writer);
        var itemId = (await site.WireItemsAsync()).Single(i => i.ItemKey == "aa-ar-1001").Id;

        using var response = await writer.SubmitFormAsync("/newsroom/wire", $"#w-{itemId} .adopt-form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var article = await site.WithDbAsync(db => db.Articles.SingleAsync());
        var revision = await site.WithDbAsync(db => db.ArticleRevisions.SingleAsync(r => r.ArticleId == article.Id));
        Assert.Equal((1, 1, ArticleStatus.Draft), (article.Version, revision.Version, revision.Status));
        Assert.StartsWith("writer-", revision.UserName, StringComparison.Ordinal);
        Assert.NotNull(revision.Fields); // the whole editor state, as every save keeps it
        var entry = await site.WithDbAsync(db => db.AuditLog.SingleAsync(e => e.Action == "wire.adopted"));
        Assert.Equal((article.Id.ToString(CultureInfo.InvariantCulture), revision.UserName), (entry.TargetId, entry.UserName));
        var item = (await site.WireItemsAsync()).Single(i => i.Id == itemId);
        Assert.Equal(article.Id, item.ArticleId);
        Assert.NotNull(item.AdoptedAt);
    }
}

/// <summary>What the autosave keeps for an article not saved yet.</summary>
public sealed class NewArticleAutosaveTests
{
    private static async Task<HttpResponseMessage> AutosaveAsync(HttpClient client, AngleSharp.Dom.IElement form, string headline)
    {
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var key = form.QuerySelector("input[name=DraftKey]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(key), "DraftKey" },
            { new StringContent(headline), "Headline" },
            { new StringContent("<p>نص " + headline + "</p>"), "Body" },
        };
        return await client.PostAsync(form.GetAttribute("data-autosave-url"), content);
    }

    [Fact]
    public async Task The_autosave_of_a_new_article_is_gone_once_it_is_saved()
    {
        using var site = new NashirFactory();
        var writer = await site.SignInAsync(Roles.Writer);
        var page = await writer.GetDocumentAsync("/newsroom/articles/new");
        var form = page.QuerySelector("#article-form")!;
        using (var autosaved = await AutosaveAsync(writer, form, "مسودة جديدة"))
            Assert.Equal(HttpStatusCode.NoContent, autosaved.StatusCode);
        Assert.NotNull((await writer.GetDocumentAsync("/newsroom/articles/new")).QuerySelector(".unsaved-draft"));

        using (var saved = await writer.SubmitFormAsync(form, "/newsroom/articles/new", ("Headline", "مسودة جديدة"), ("Body", "<p>نص</p>"), ("action", "save")))
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        Assert.Null((await writer.GetDocumentAsync("/newsroom/articles/new")).QuerySelector(".unsaved-draft"));
        Assert.Equal(0, await site.WithDbAsync(db => db.ArticleAutosaves.CountAsync()));
    }

    [Fact]
    public async Task Two_new_drafts_of_the_same_writer_are_both_kept_and_both_restorable()
    {
        using var site = new NashirFactory();
        var writer = await site.SignInAsync(Roles.Writer);
        var first = (await writer.GetDocumentAsync("/newsroom/articles/new")).QuerySelector("#article-form")!;
        var second = (await writer.GetDocumentAsync("/newsroom/articles/new")).QuerySelector("#article-form")!;
        using (var a = await AutosaveAsync(writer, first, "المسودة الأولى"))
            Assert.Equal(HttpStatusCode.NoContent, a.StatusCode);
        site.Clock.Advance(TimeSpan.FromMinutes(1));
        using (var b = await AutosaveAsync(writer, second, "المسودة الثانية"))
            Assert.Equal(HttpStatusCode.NoContent, b.StatusCode);

        var offers = (await writer.GetDocumentAsync("/newsroom/articles/new")).QuerySelectorAll(".unsaved-draft").ToList();

        Assert.Equal(2, offers.Count);
        var restored = new List<string>();
        foreach (var offer in offers)
        {
            var page = await writer.GetDocumentAsync(offer.QuerySelector("a")!.GetAttribute("href")!);
            restored.Add(page.QuerySelector("#headline")!.GetAttribute("value")!);
            Assert.Equal("<p>نص " + restored[^1] + "</p>", page.QuerySelector("#body")!.TextContent);
        }
        Assert.Equal(["المسودة الثانية", "المسودة الأولى"], restored);
    }

    [Fact]
    public async Task A_new_article_autosave_without_its_draft_key_is_refused_in_arabic()
    {
        using var site = new NashirFactory();
        var writer = await site.SignInAsync(Roles.Writer);
        var form = (await writer.GetDocumentAsync("/newsroom/articles/new")).QuerySelector("#article-form")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var response = await writer.PostAsync(form.GetAttribute("data-autosave-url"),
            new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Headline", "بلا مفتاح"), new("DraftKey", "../x")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("مفتاح", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await site.WithDbAsync(db => db.ArticleAutosaves.CountAsync()));
    }
}
