using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Articles;

namespace Nashir.Tests.Articles;

public sealed class SchedulingAndBreakingTests
{
    private static Task<Article> ScheduleAsync(NashirFactory site, string headline, DateTime at) =>
        site.PublishAsync(headline, configure: a =>
        {
            a.Status = ArticleStatus.Scheduled;
            a.PublishedAt = null;
            a.ScheduledFor = at;
        });

    [Fact]
    public async Task Scheduled_article_goes_live_only_when_its_time_comes()
    {
        using var site = new NashirFactory();
        var now = site.Clock.GetUtcNow().UtcDateTime;
        var article = await ScheduleAsync(site, "خبر مجدول للظهر", now.AddMinutes(30));
        var publisher = site.Services.GetRequiredService<ScheduledPublisher>();

        Assert.Equal(0, await publisher.PublishDueAsync());
        site.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await publisher.PublishDueAsync());
        site.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await publisher.PublishDueAsync());

        var saved = await site.WithDbAsync(db => db.Articles.SingleAsync(a => a.Id == article.Id));
        Assert.Equal(ArticleStatus.Published, saved.Status);
        Assert.Equal(now.AddMinutes(30), saved.PublishedAt);
        Assert.Null(saved.ScheduledFor);
        Assert.Equal(0, await publisher.PublishDueAsync()); // never twice
        Assert.Equal(1, await site.WithDbAsync(db => db.AuditLog.CountAsync(e => e.Action == "article.published" && e.UserName == "system")));
    }

    [Fact]
    public async Task Background_service_publishes_a_due_article_within_seconds()
    {
        // The schedule is in the database: an article whose time passed while the site was down goes live at start.
        using var site = new NashirFactory().With("Nashir:Scheduling:Interval", "00:00:01");
        var article = await ScheduleAsync(site, "خبر فات موعده", site.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        ArticleStatus status;
        do
        {
            await Task.Delay(200);
            status = await site.WithDbAsync(db => db.Articles.Where(a => a.Id == article.Id).Select(a => a.Status).SingleAsync());
        }
        while (status != ArticleStatus.Published && DateTime.UtcNow < deadline);

        Assert.Equal(ArticleStatus.Published, status);
    }

    [Fact]
    public async Task Breaking_articles_of_the_last_hours_show_in_the_ticker_on_every_page()
    {
        using var site = new NashirFactory();
        var now = site.Clock.GetUtcNow().UtcDateTime;
        await site.PublishAsync("انفجار في الميناء", now.AddHours(-1), configure: a => a.IsBreaking = true);
        await site.PublishAsync("عاجل قديم", now.AddHours(-7), configure: a => a.IsBreaking = true);
        var ordinary = await site.PublishAsync("خبر عادي", now.AddMinutes(-5));

        foreach (var path in new[] { "/", NashirFactory.ArticlePath(ordinary.Slug) })
        {
            var page = await site.CreateReader().GetDocumentAsync(path);
            var items = page.QuerySelectorAll(".ticker li a").Select(a => a.Text()).ToList();
            Assert.Equal(["انفجار في الميناء"], items);
        }
    }
}
