using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Tests.Media;
using Nashir.Tests.Newsroom;

namespace Nashir.Tests.Wire;

public sealed class WirePageTests
{
    private static async Task<(StubAgency Stub, NashirFactory Site)> RssSiteAsync()
    {
        var stub = await StubAgency.StartAsync();
        var site = WireSites.WithFeeds(
            ("الأناضول", stub.Serve("rss", "anadolu.rss.xml"), "rss", "الأناضول"),
            ("وكالة الأنباء", stub.Serve("atom", "agency.atom.xml"), "atom", null));
        await site.PollAsync("الأناضول");
        await site.PollAsync("وكالة الأنباء");
        return (stub, site);
    }

    private static async Task<long> ItemIdAsync(NashirFactory site, string key) =>
        (await site.WireItemsAsync()).Single(i => i.ItemKey == key).Id;

    [Fact]
    public async Task The_wire_page_requires_sign_in_and_a_writing_role()
    {
        var (stub, site) = await RssSiteAsync();
        await using var _ = stub;
        using var __ = site;

        using var anonymous = await site.CreateReader().GetAsync("/newsroom/wire");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/newsroom/login", anonymous.Headers.Location!.AbsolutePath);

        using var moderator = await (await site.SignInAsync(Roles.Moderator)).GetAsync("/newsroom/wire");
        Assert.Equal(HttpStatusCode.Forbidden, moderator.StatusCode);

        using var writer = await (await site.SignInAsync(Roles.Writer)).GetAsync("/newsroom/wire");
        Assert.Equal(HttpStatusCode.OK, writer.StatusCode);
    }

    [Fact]
    public async Task The_wire_page_lists_items_newest_first_with_source_time_and_excerpt_and_filters_by_feed()
    {
        var (stub, site) = await RssSiteAsync();
        await using var _ = stub;
        using var __ = site;
        var editor = await site.SignInAsync(Roles.Editor);

        var page = await editor.GetDocumentAsync("/newsroom/wire");

        var items = page.QuerySelectorAll("#wire-items .wire-item").ToList();
        Assert.Equal(
            ["وزير الخارجية التركي يصل إلى القاهرة في زيارة رسمية", "افتتاح معرض الكتاب الدولي بمشاركة ثلاثين دولة", "ارتفاع أسعار النفط مع تصاعد التوتر في المنطقة",
             "هطول أمطار غزيرة على المرتفعات الغربية", "منتخب اليمن للناشئين يتأهل إلى نهائيات كأس آسيا"],
            items.Select(i => i.QuerySelector(".wire-headline")!.Text()));
        var first = items[0];
        Assert.Equal("الأناضول", first.QuerySelector(".wire-source")!.Text());
        Assert.Equal("2024-10-01T10:30:00+03:00", first.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("وصل وزير الخارجية التركي إلى القاهرة صباح الثلاثاء في زيارة تستمر يومين.", first.QuerySelector(".wire-excerpt")!.Text());
        Assert.Contains("يعمل", page.QuerySelector("#wire-feeds tr[data-feed='الأناضول'] .feed-state")!.Text(), StringComparison.Ordinal);

        var filtered = await editor.GetDocumentAsync("/newsroom/wire?feed=" + Uri.EscapeDataString("وكالة الأنباء"));
        Assert.Equal(["افتتاح معرض الكتاب الدولي بمشاركة ثلاثين دولة", "هطول أمطار غزيرة على المرتفعات الغربية"],
            filtered.QuerySelectorAll("#wire-items .wire-headline").Select(h => h.Text()));
        Assert.Equal(["وكالة الأنباء"], filtered.QuerySelectorAll("#wire-items .wire-source").Select(s => s.Text()).Distinct());
    }

    [Fact]
    public async Task A_feed_failure_is_shown_on_the_wire_page_in_arabic_with_the_operator_detail()
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Serve("dtd", "bomb.xml"));
        await site.PollAsync();
        var editor = await site.SignInAsync(Roles.Editor);

        var row = (await editor.GetDocumentAsync("/newsroom/wire")).QuerySelector("#wire-feeds tr[data-feed='الأناضول']")!;

        Assert.Equal("رُفض المصدر لأنه يحتوي على تعريف DTD أو كيانات (DOCTYPE)، وهذا غير مسموح لأسباب أمنية.", row.QuerySelector(".feed-error")!.Text());
        Assert.StartsWith("Refused: the document declares a DTD", row.QuerySelector(".feed-error-detail")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adopting_an_item_makes_one_draft_with_headline_dek_sanitized_body_source_and_byline()
    {
        var (stub, site) = await RssSiteAsync();
        await using var _ = stub;
        using var __ = site;
        var writer = await site.SignInAsync(Roles.Writer);
        var id = await ItemIdAsync(site, "aa-ar-1001");

        using var response = await writer.SubmitFormAsync("/newsroom/wire", $"#w-{id} .adopt-form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var article = await site.WithDbAsync(db => db.Articles.Include(a => a.Sources).SingleAsync());
        Assert.Equal($"/newsroom/articles/{article.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.Equal("وزير الخارجية التركي يصل إلى القاهرة في زيارة رسمية", article.Headline);
        Assert.Equal("وصل وزير الخارجية التركي إلى القاهرة صباح الثلاثاء في زيارة تستمر يومين.", article.Dek);
        Assert.Contains("ويلتقي خلال الزيارة نظيره المصري", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", article.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("الرأي برس - الأناضول", article.Byline);
        Assert.Equal(["الأناضول"], article.Sources.Select(s => s.Name));
        Assert.Equal(1, await site.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == article.Id)));
        Assert.Equal(article.Id, (await site.WireItemsAsync()).Single(i => i.Id == id).ArticleId);

        // The writer lands in the editor with the draft filled in.
        var editorPage = await writer.GetDocumentAsync(response.Headers.Location.OriginalString);
        Assert.Equal("وزير الخارجية التركي يصل إلى القاهرة في زيارة رسمية", editorPage.QuerySelector("#headline")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Adopting_the_same_item_again_opens_the_first_draft_and_the_queue_marks_it()
    {
        var (stub, site) = await RssSiteAsync();
        await using var _ = stub;
        using var __ = site;
        await site.WithDbAsync(async db =>
        {
            db.Sources.Add(new Source { Name = "الأناضول", Url = "https://agency.example" });
            await db.SaveChangesAsync();
        });
        var editor = await site.SignInAsync(Roles.Editor);
        var other = await site.SignInAsync(Roles.Admin);
        var id = await ItemIdAsync(site, "aa-ar-1002");

        using var first = await editor.SubmitFormAsync("/newsroom/wire", $"#w-{id} .adopt-form");
        using var second = await editor.SubmitFormAsync("/newsroom/wire", $"#w-{id} .adopt-form");
        using var third = await other.SubmitFormAsync("/newsroom/wire", $"#w-{id} .adopt-form");

        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.Location, third.Headers.Location);
        Assert.Equal(1, await site.WithDbAsync(db => db.Articles.CountAsync()));
        Assert.Equal(1, await site.WithDbAsync(db => db.Sources.CountAsync())); // the existing source, not a copy
        var row = (await editor.GetDocumentAsync("/newsroom/wire")).QuerySelector($"#w-{id}")!;
        Assert.Contains("adopted", row.ClassList);
        Assert.Equal("معتمد", row.QuerySelector(".wire-adopted")!.Text());
        Assert.Equal(first.Headers.Location!.OriginalString, row.QuerySelector("a[href^='/newsroom/articles/']")!.GetAttribute("href"));
        Assert.Null((await editor.GetDocumentAsync("/newsroom/wire")).QuerySelector($"#w-{await ItemIdAsync(site, "aa-ar-1001")} .wire-adopted"));
    }

    [Fact]
    public async Task Adopting_a_ninjs_item_brings_its_picture_into_the_media_library_as_the_lead_image()
    {
        await using var stub = await StubAgency.StartAsync();
        stub.ServeBytes("preview-7001.jpg", TestImages.Jpeg(800, 500), "image/jpeg");
        using var site = WireSites.WithFeeds(("رويترز", stub.Serve("ninjs", "agency.ninjs.json", "application/json"), "ninjs", "رويترز"))
            .With("Nashir:Wire:Feeds:0:Byline", "الرأي برس - رويترز");
        await site.PollAsync("رويترز");
        var editor = await site.SignInAsync(Roles.Editor);
        var id = await ItemIdAsync(site, "https://agency.example/ninjs/text/7001");

        using var response = await editor.SubmitFormAsync("/newsroom/wire", $"#w-{id} .adopt-form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var article = await site.WithDbAsync(db => db.Articles.Include(a => a.LeadImage).Include(a => a.Sources).SingleAsync());
        Assert.NotNull(article.LeadImage);
        Assert.Equal(("مبنى البنك المركزي", "عدسة الوكالة"), (article.LeadImageCaption, article.LeadImageCredit));
        Assert.Equal("الرأي برس - رويترز", article.Byline);
        Assert.Equal(["رويترز"], article.Sources.Select(s => s.Name));
        Assert.DoesNotContain("iframe", article.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Adopting_an_item_whose_picture_is_too_long_to_encode_keeps_the_draft_without_it()
    {
        await using var stub = await StubAgency.StartAsync();
        stub.ServeBytes("preview-7001.jpg", TestImages.SolidPng(1, 2_000_000), "image/png");
        using var site = WireSites.WithFeeds(("رويترز", stub.Serve("ninjs", "agency.ninjs.json", "application/json"), "ninjs", "رويترز"));
        await site.PollAsync("رويترز");
        var editor = await site.SignInAsync(Roles.Editor);
        var id = await ItemIdAsync(site, "https://agency.example/ninjs/text/7001");

        using var response = await editor.SubmitFormAsync("/newsroom/wire", $"#w-{id} .adopt-form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var article = await site.WithDbAsync(db => db.Articles.SingleAsync());
        Assert.Null(article.LeadImageId);
        Assert.Equal(0, await site.MediaCountAsync());
    }

    [Fact]
    public async Task Hostile_posts_to_the_wire_page_are_refused_with_4xx_and_make_nothing()
    {
        var (stub, site) = await RssSiteAsync();
        await using var _ = stub;
        using var __ = site;
        var id = (await ItemIdAsync(site, "aa-ar-1001")).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var writer = await site.SignInAsync(Roles.Writer);
        var moderator = await site.SignInAsync(Roles.Moderator);

        using (var noToken = await writer.PostAsync("/newsroom/wire?handler=Adopt", new FormUrlEncodedContent([new("id", id)])))
            Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        foreach (var bad in (string[])["abc", "-1", "1e3", "99999999999999999999999", "", "١"])
        {
            using var refused = await writer.PostHandlerAsync("/newsroom/wire", "/newsroom/wire?handler=Adopt", ("id", bad));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("طلب غير صالح", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var missing = await writer.PostHandlerAsync("/newsroom/wire", "/newsroom/wire?handler=Adopt", ("id", "424242")))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using (var fetchAsWriter = await writer.PostHandlerAsync("/newsroom/wire", "/newsroom/wire?handler=Fetch", ("feed", "الأناضول")))
            Assert.Equal(HttpStatusCode.Forbidden, fetchAsWriter.StatusCode);
        var editor = await site.SignInAsync(Roles.Editor);
        using (var unknownFeed = await editor.PostHandlerAsync("/newsroom/wire", "/newsroom/wire?handler=Fetch", ("feed", "http://169.254.169.254/")))
            Assert.Equal(HttpStatusCode.BadRequest, unknownFeed.StatusCode);
        var token = (await writer.GetDocumentAsync("/newsroom/wire")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using (var asModerator = await moderator.PostAsync("/newsroom/wire?handler=Adopt", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("id", id)])))
            Assert.Equal(HttpStatusCode.Forbidden, asModerator.StatusCode);
        using (var anonymous = await site.CreateReader().PostAsync("/newsroom/wire?handler=Adopt", new FormUrlEncodedContent([new("id", id)])))
            Assert.True(anonymous.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, anonymous.StatusCode.ToString());
        using (var badPage = await writer.GetAsync("/newsroom/wire?page=-3"))
            Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);

        Assert.Equal(0, await site.WithDbAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task An_editor_fetches_a_feed_now_from_the_wire_page()
    {
        await using var stub = await StubAgency.StartAsync();
        using var site = WireSites.WithFeed(stub.Url("/doc/later"));
        await site.PollAsync(); // 404: nothing yet
        stub.Serve("later", "anadolu.rss.xml");
        var editor = await site.SignInAsync(Roles.Editor);

        using var response = await editor.SubmitFormAsync("/newsroom/wire", "#wire-feeds tr[data-feed='الأناضول'] form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(3, (await site.WireItemsAsync()).Count);
        var page = await editor.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("جُلب «الأناضول»: 3 جديد، 0 محدَّث.", page.QuerySelector(".notice")!.Text());
    }
}
