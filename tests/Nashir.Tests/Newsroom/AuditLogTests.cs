using System.Globalization;
using System.Net;
using Nashir.Accounts;
using Nashir.Audit;

namespace Nashir.Tests.Newsroom;

public sealed class AuditLogTests
{
    [Fact]
    public async Task Audit_log_lists_newest_first_fifty_to_a_page_in_the_site_time_zone()
    {
        using var site = new NashirFactory();
        var start = new DateTime(2024, 9, 1, 9, 0, 0, DateTimeKind.Utc);
        await site.WithDbAsync(async db =>
        {
            for (var i = 0; i < 60; i++)
                db.AuditLog.Add(new AuditEntry { At = start.AddMinutes(i), UserName = "editor@nashir.test", Action = AuditActions.ArticlePublished, TargetType = "article", TargetId = i.ToString(CultureInfo.InvariantCulture) });
            await db.SaveChangesAsync();
        });
        var admin = await site.SignInAsync(Roles.Admin);

        var first = await admin.GetDocumentAsync("/newsroom/audit?action=article.published");
        var rows = first.QuerySelectorAll("#audit-log tbody tr");
        Assert.Equal(50, rows.Length);
        // 09:59 UTC is 12:59 in Aden, the default time zone.
        Assert.Equal("01 سبتمبر 2024 12:59", rows[0].QuerySelector("time")!.Text());
        Assert.Equal("2024-09-01T12:59:00+03:00", rows[0].QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("مقال #59", rows[0].QuerySelectorAll("td")[3].Text());

        var second = await admin.GetDocumentAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(10, second.QuerySelectorAll("#audit-log tbody tr").Length);
    }

    [Fact]
    public async Task Audit_log_filters_by_the_person_who_acted()
    {
        using var site = new NashirFactory();
        await site.WithDbAsync(async db =>
        {
            db.AuditLog.Add(new AuditEntry { At = site.Clock.GetUtcNow().UtcDateTime, UserName = "a@nashir.test", Action = AuditActions.SettingsChanged, TargetType = "settings" });
            db.AuditLog.Add(new AuditEntry { At = site.Clock.GetUtcNow().UtcDateTime, UserName = "b@nashir.test", Action = AuditActions.SettingsChanged, TargetType = "settings" });
            await db.SaveChangesAsync();
        });
        var admin = await site.SignInAsync(Roles.Admin);

        var page = await admin.GetDocumentAsync("/newsroom/audit?user=b%40nashir.test");

        var row = Assert.Single(page.QuerySelectorAll("#audit-log tbody tr"));
        Assert.Contains("b@nashir.test", row.Text(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#user option[value='b@nashir.test'][selected]"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task Malformed_page_number_is_a_bad_request(string page)
    {
        using var site = new NashirFactory();
        var admin = await site.SignInAsync(Roles.Admin);

        using var response = await admin.GetAsync("/newsroom/audit?page=" + page);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
