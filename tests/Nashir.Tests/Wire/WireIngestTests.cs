using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Wire;

namespace Nashir.Tests.Wire;

public sealed class WireIngestTests
{
    [Fact]
    public async Task Rss_items_land_in_the_queue_with_arabic_intact_and_bodies_sanitized()
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Serve("rss", "anadolu.rss.xml", "application/rss+xml; charset=utf-8"), "rss");

        var result = await site.PollAsync();

        Assert.True(result.Succeeded, result.Error);
        var items = await site.WireItemsAsync();
        Assert.Equal(["aa-ar-1001", "aa-ar-1002", "aa-ar-1003"], items.Select(i => i.ItemKey).Order(StringComparer.Ordinal));
        var visit = items.Single(i => i.ItemKey == "aa-ar-1001");
        Assert.Equal("وزير الخارجية التركي يصل إلى القاهرة في زيارة رسمية", visit.Headline);
        Assert.Equal("وصل وزير الخارجية التركي إلى القاهرة صباح الثلاثاء في زيارة تستمر يومين.", visit.Summary);
        Assert.Contains("ويلتقي خلال الزيارة نظيره المصري", visit.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("script", visit.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", visit.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", visit.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("محمد الأحمد", visit.AgencyByline);
        Assert.Equal("https://agency.example/ar/news/1001", visit.Link);
        Assert.Equal("https://images.agency.example/1001.jpg", visit.ImageUrl);
        Assert.Null(items.Single(i => i.ItemKey == "aa-ar-1003").Link); // a javascript: link never reaches the newsroom
        Assert.Equal(new DateTime(2024, 10, 1, 7, 30, 0, DateTimeKind.Utc), visit.ItemTime);
        // An item with only a description: the description is the story.
        var oil = items.Single(i => i.ItemKey == "aa-ar-1002");
        Assert.Equal("<p dir=\"rtl\">ارتفعت أسعار النفط في التعاملات الآسيوية المبكرة.</p>", oil.Body);
        Assert.Null(oil.Summary);
        Assert.Equal(new DateTime(2024, 10, 1, 2, 10, 0, DateTimeKind.Utc), items.Single(i => i.ItemKey == "aa-ar-1003").ItemTime);
        var status = await site.FeedStatusAsync();
        Assert.Equal((site.Clock.GetUtcNow().UtcDateTime, null, 3), (status.LastSuccessAt!.Value, status.LastError, status.LastItemCount));
    }

    [Fact]
    public async Task Atom_entries_land_in_the_queue_with_html_and_text_content()
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Serve("atom", "agency.atom.xml", "application/atom+xml"), "atom", "وكالة الأنباء");

        Assert.True((await site.PollAsync("وكالة الأنباء")).Succeeded);

        var items = await site.WireItemsAsync();
        var fair = items.Single(i => i.ItemKey == "urn:agency:story:501");
        Assert.Equal("افتتاح معرض الكتاب الدولي بمشاركة ثلاثين دولة", fair.Headline);
        Assert.Equal("يفتتح المعرض أبوابه اليوم للزوار.", fair.Summary);
        Assert.Equal("<p dir=\"rtl\">افتتح معرض الكتاب الدولي أبوابه بمشاركة ثلاثين دولة.</p><p dir=\"rtl\">ويستمر المعرض عشرة أيام.</p>", fair.Body);
        Assert.Equal("سارة المحمدي", fair.AgencyByline);
        Assert.Equal(new DateTime(2024, 10, 1, 7, 15, 0, DateTimeKind.Utc), fair.ItemTime); // updated, not published
        var rain = items.Single(i => i.ItemKey == "urn:agency:story:502");
        Assert.Equal("<p dir=\"rtl\">توقعت الأرصاد هطول أمطار غزيرة.</p><p dir=\"rtl\">ودعت السائقين إلى الحذر.</p>", rain.Body);
        Assert.Equal("https://agency.example/story/502", rain.Link);
    }

    [Fact]
    public async Task Ninjs_2_and_1_items_bring_headline_summary_body_byline_and_picture_and_lone_pictures_are_skipped()
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Serve("ninjs", "agency.ninjs.json", "application/json"), "ninjs");

        Assert.True((await site.PollAsync()).Succeeded);

        var items = await site.WireItemsAsync();
        Assert.Equal(2, items.Count);
        var bank = items.Single(i => i.ItemKey == "https://agency.example/ninjs/text/7001");
        Assert.Equal("البنك المركزي يثبت سعر الفائدة للمرة الثالثة", bank.Headline);
        Assert.Equal("قرر البنك المركزي تثبيت سعر الفائدة دون تغيير.", bank.Summary);
        Assert.Equal("<p dir=\"rtl\">قرر البنك المركزي تثبيت سعر الفائدة للمرة الثالثة على التوالي.</p><p dir=\"rtl\">وقال المحافظ إن القرار يدعم استقرار الأسعار.</p>", bank.Body);
        Assert.Equal("قسم الاقتصاد", bank.AgencyByline);
        Assert.Equal(stub.Url("/doc/preview-7001.jpg"), bank.ImageUrl); // the preview, not the 6000-pixel original
        Assert.Equal(("مبنى البنك المركزي", "عدسة الوكالة"), (bank.ImageCaption, bank.ImageCredit));
        Assert.Equal(new DateTime(2024, 10, 1, 4, 50, 0, DateTimeKind.Utc), bank.ItemTime);
        var school = items.Single(i => i.ItemKey == "https://agency.example/ninjs/text/7003");
        Assert.Equal("<p dir=\"rtl\">عاد أكثر من مليون طالب إلى المدارس الحكومية اليوم.</p><p dir=\"rtl\">وأعلنت الوزارة عن توزيع الكتب مجاناً.</p>", school.Body);
        Assert.Equal(("مراسل الوكالة", "عاد الطلاب إلى مدارسهم اليوم."), (school.AgencyByline, school.Summary));
        Assert.Equal(("https://images.agency.example/7003.jpg", "طلاب في الفصل"), (school.ImageUrl, school.ImageCaption));
    }

    [Fact]
    public async Task A_second_poll_of_the_same_feed_adds_no_copies()
    {
        await using var stub = await StubAgency.StartAsync();
        stub.Serve("rss", "anadolu.rss.xml");
        using var site = WireSites.WithFeed(stub.Url("/plain/rss")); // no ETag: the feed is read and compared again
        await site.PollAsync();
        var first = await site.WireItemsAsync();

        var second = await site.PollAsync();

        Assert.Equal(200, stub.LastStatus);
        Assert.Equal((true, 0, 0, 3), (second.Succeeded, second.Added, second.Updated, second.Listed));
        var items = await site.WireItemsAsync();
        Assert.Equal(first.Select(i => i.Id), items.Select(i => i.Id));
        Assert.All(items, i => Assert.Null(i.UpdatedAt));
    }

    [Fact]
    public async Task An_unchanged_feed_is_asked_conditionally_and_its_304_keeps_the_items_listed()
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Serve("rss", "anadolu.rss.xml"));
        await site.PollAsync();
        Assert.NotNull((await site.FeedStatusAsync()).ETag);

        site.Clock.Advance(TimeSpan.FromDays(6));
        var result = await site.PollAsync();

        Assert.Equal(304, stub.LastStatus);
        Assert.Equal((true, 0, 0, 3), (result.Succeeded, result.Added, result.Updated, result.Listed));
        Assert.All(await site.WireItemsAsync(), i => Assert.Equal(site.Clock.GetUtcNow().UtcDateTime, i.LastSeenAt));
    }

    [Fact]
    public async Task A_changed_item_with_the_same_guid_updates_the_queued_item_in_place()
    {
        await using var stub = await StubAgency.StartAsync();
        var original = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Wire", "Fixtures", "anadolu.rss.xml"));
        using var site = WireSites.WithFeed(stub.ServeText("rss", original));
        await site.PollAsync();
        var before = (await site.WireItemsAsync()).Single(i => i.ItemKey == "aa-ar-1002");

        site.Clock.Advance(TimeSpan.FromMinutes(20));
        stub.ServeText("rss", original
            .Replace("ارتفاع أسعار النفط مع تصاعد التوتر في المنطقة", "عاجل: أسعار النفط تقفز خمسة في المئة", StringComparison.Ordinal)
            .Replace("ارتفعت أسعار النفط في التعاملات الآسيوية المبكرة.", "قفزت أسعار النفط خمسة في المئة.", StringComparison.Ordinal));
        var result = await site.PollAsync();

        Assert.Equal((0, 1), (result.Added, result.Updated));
        var items = await site.WireItemsAsync();
        Assert.Equal(3, items.Count);
        var after = items.Single(i => i.ItemKey == "aa-ar-1002");
        Assert.Equal(before.Id, after.Id);
        Assert.Equal("عاجل: أسعار النفط تقفز خمسة في المئة", after.Headline);
        Assert.Equal("<p dir=\"rtl\">قفزت أسعار النفط خمسة في المئة.</p>", after.Body);
        Assert.Equal(site.Clock.GetUtcNow().UtcDateTime, after.UpdatedAt);
    }

    [Fact]
    public async Task The_same_headline_resent_under_a_new_guid_is_not_a_second_item()
    {
        await using var stub = await StubAgency.StartAsync();
        var original = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Wire", "Fixtures", "anadolu.rss.xml"));
        using var site = WireSites.WithFeed(stub.ServeText("rss", original));
        await site.PollAsync();

        // Re-sent with a new id and the headline written with tashkeel and another hamza: the same story.
        stub.ServeText("rss", original
            .Replace("aa-ar-1003", "aa-ar-1003-r1", StringComparison.Ordinal)
            .Replace("منتخب اليمن للناشئين يتأهل إلى نهائيات كأس آسيا", "مُنتخب اليمن للناشئين يتأهل الى نهائيات كأس آسيا", StringComparison.Ordinal));
        var result = await site.PollAsync();

        Assert.Equal(0, result.Added);
        Assert.Equal(3, (await site.WireItemsAsync()).Count);
    }

    [Fact]
    public async Task Items_the_feed_stopped_listing_are_forgotten_after_the_retention_and_listed_ones_stay()
    {
        await using var stub = await StubAgency.StartAsync();
        var original = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Wire", "Fixtures", "anadolu.rss.xml"));
        using var site = WireSites.WithFeed(stub.ServeText("rss", original));
        await site.PollAsync();
        stub.ServeText("rss", Regex.Replace(original, "<item>(?:(?!</item>).)*?aa-ar-1002.*?</item>", "", RegexOptions.Singleline));

        site.Clock.Advance(TimeSpan.FromDays(6));
        await site.PollAsync();
        Assert.Equal(0, await site.Services.GetRequiredService<WirePoller>().PruneAsync());
        site.Clock.Advance(TimeSpan.FromDays(2));
        await site.PollAsync();
        var pruned = await site.Services.GetRequiredService<WirePoller>().PruneAsync();

        Assert.Equal(1, pruned);
        Assert.Equal(["aa-ar-1001", "aa-ar-1003"], (await site.WireItemsAsync()).Select(i => i.ItemKey));
    }

    [Fact]
    public async Task A_wordpress_rss_export_reads_as_a_feed()
    {
        // A real RSS 2.0 document made by WordPress 6.1 (shared fixtures): extension namespaces, CDATA, Arabic titles,
        // items without a title (menu entries) which are skipped.
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Serve("wp", "wordpress-export.xml", "application/rss+xml"), "rss", "الرأي برس");

        var result = await site.PollAsync("الرأي برس");

        Assert.True(result.Succeeded, result.Error);
        var items = await site.WireItemsAsync();
        Assert.Equal(58, items.Count); // 64 items, 6 of them menu entries without a title
        Assert.Contains(items, i => i.Headline == "اجتماع أمني رفيع المستوي بين بريطانيا ومصر بالقاهرة لبحث تهديدات «داعش»");
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.Headline)));
    }

    [Fact]
    public async Task The_background_poller_fetches_configured_feeds_on_its_own()
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Serve("rss", "anadolu.rss.xml"));
        site.With("Nashir:Wire:CheckInterval", "00:00:00.200");
        _ = site.Services; // starts the host and its hosted services

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await site.WireItemsAsync()).Count < 3 && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        Assert.Equal(3, (await site.WireItemsAsync()).Count);
        var status = await site.FeedStatusAsync();
        Assert.Equal(site.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), status.NextPollAt);
    }
}
