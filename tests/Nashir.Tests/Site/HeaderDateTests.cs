using Nashir.Demo;

namespace Nashir.Tests.Site;

public sealed class HeaderDateTests
{
    [Fact]
    public async Task Header_shows_today_and_last_update_in_the_site_time_zone()
    {
        // 22:30 UTC on 30 September is already Tuesday 1 October in Aden (UTC+3).
        using var site = new NashirFactory(now: new DateTimeOffset(2024, 9, 30, 22, 30, 0, TimeSpan.Zero));
        await site.PublishAsync("خبر", DemoContent.SeedPublishedUtc);

        var page = await site.CreateReader().GetDocumentAsync("/");

        Assert.Equal("الثلاثاء 01 أكتوبر 2024", page.QuerySelector(".today")!.Text());
        Assert.Equal("آخر تحديث: الخميس 26 سبتمبر 2024", page.QuerySelector(".last-update")!.Text());
    }

    [Fact]
    public async Task Last_update_follows_the_latest_edit_not_only_publication()
    {
        using var site = new NashirFactory(now: new DateTimeOffset(2024, 10, 5, 12, 0, 0, TimeSpan.Zero));
        await site.PublishAsync("أول", new DateTime(2024, 10, 1, 8, 0, 0, DateTimeKind.Utc));
        await site.PublishAsync("ثان", new DateTime(2024, 9, 20, 8, 0, 0, DateTimeKind.Utc),
            configure: a => a.UpdatedAt = new DateTime(2024, 10, 3, 8, 0, 0, DateTimeKind.Utc));

        var page = await site.CreateReader().GetDocumentAsync("/");

        Assert.Equal("آخر تحديث: الخميس 03 أكتوبر 2024", page.QuerySelector(".last-update")!.Text());
    }

    [Fact]
    public async Task Unpublished_articles_do_not_move_last_update()
    {
        using var site = new NashirFactory(now: new DateTimeOffset(2024, 10, 5, 12, 0, 0, TimeSpan.Zero));
        await site.PublishAsync("منشور", new DateTime(2024, 10, 1, 8, 0, 0, DateTimeKind.Utc));
        await site.PublishAsync("مسودة", new DateTime(2024, 10, 4, 8, 0, 0, DateTimeKind.Utc),
            configure: a => a.Status = Nashir.Articles.ArticleStatus.Draft);

        var page = await site.CreateReader().GetDocumentAsync("/");

        Assert.Equal("آخر تحديث: الثلاثاء 01 أكتوبر 2024", page.QuerySelector(".last-update")!.Text());
        Assert.DoesNotContain("مسودة", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Levantine", "الثلاثاء 01 تشرين الأول 2024")]
    [InlineData("Both", "الثلاثاء 01 أكتوبر/تشرين الأول 2024")]
    public async Task Month_naming_style_is_a_setting(string style, string expected)
    {
        using var site = new NashirFactory().With("Nashir:MonthNaming", style);

        var page = await site.CreateReader().GetDocumentAsync("/");

        Assert.Equal(expected, page.QuerySelector(".today")!.Text());
    }

    [Fact]
    public async Task Arabic_indic_digits_and_hijri_date_are_settings()
    {
        using var site = new NashirFactory().With("Nashir:Digits", "ArabicIndic").With("Nashir:ShowHijri", "true");

        var page = await site.CreateReader().GetDocumentAsync("/");

        Assert.Equal("الثلاثاء ٠١ أكتوبر ٢٠٢٤", page.QuerySelector(".today")!.Text());
        Assert.Equal("٢٨ ربيع الأول ١٤٤٦ هـ", page.QuerySelector(".hijri")!.Text());
    }

    [Fact]
    public async Task Time_zone_is_a_setting()
    {
        // 05:00 UTC on 1 October is still 30 September in Los Angeles (UTC-7).
        using var site = new NashirFactory(now: new DateTimeOffset(2024, 10, 1, 5, 0, 0, TimeSpan.Zero))
            .With("Nashir:TimeZone", "America/Los_Angeles");

        var page = await site.CreateReader().GetDocumentAsync("/");

        Assert.Equal("الاثنين 30 سبتمبر 2024", page.QuerySelector(".today")!.Text());
    }
}
