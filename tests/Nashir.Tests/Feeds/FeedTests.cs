using System.Globalization;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Nashir.Articles;
using Nashir.Media;

namespace Nashir.Tests.Feeds;

public sealed class FeedTests
{
    private static readonly DateTime Start = new(2024, 9, 30, 0, 0, 0, DateTimeKind.Utc);
    private static readonly XNamespace Media = "http://search.yahoo.com/mrss/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    [Theory]
    [InlineData("/feed", "application/rss+xml")]
    [InlineData("/feed/atom", "application/atom+xml")]
    public async Task Site_feed_holds_only_published_articles_newest_first(string path, string mediaType)
    {
        using var site = new NashirFactory();
        await site.PublishAsync("الخبر الأقدم", Start);
        await site.PublishAsync("الخبر الأحدث", Start.AddHours(2));
        await site.PublishAsync("الخبر الأوسط", Start.AddHours(1));
        await site.DraftAsync("مسودة لم تنشر");
        await site.DraftAsync("خبر قيد المراجعة", ArticleStatus.InReview);
        await site.DraftAsync("خبر مجدول", ArticleStatus.Scheduled);
        await site.PublishAsync("خبر سحب من النشر", Start, configure: a => a.Status = ArticleStatus.Unpublished);
        await site.PublishAsync("خبر منشور في المستقبل", site.Clock.GetUtcNow().UtcDateTime.AddHours(1));

        using var response = await site.CreateReader().GetAsync(path);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        var feed = await site.CreateReader().GetFeedAsync(path);

        Assert.Equal(["الخبر الأحدث", "الخبر الأوسط", "الخبر الأقدم"], feed.Titles());
        Assert.Equal("الرأي برس", feed.Title.Text);
        Assert.Equal("ar", feed.Language);
    }

    [Fact]
    public async Task Feed_holds_the_latest_fifty()
    {
        // The feed's own queries: without the output cache (whose key reads the site's day every 30 s).
        using var site = new NashirFactory().With("Nashir:OutputCache:Enabled", "false");
        for (var i = 1; i <= 55; i++)
            await site.PublishAsync($"خبر رقم {i}", Start.AddMinutes(i));

        var (sql, reader) = SqlCounter.For(site);
        using var _ = sql;
        var (rss, queries) = await sql.CountAsync(() => reader.GetFeedAsync("/feed"));
        var atom = await site.CreateReader().GetFeedAsync("/feed/atom");

        Assert.InRange(queries, 1, 5); // settings and navigation, then the articles, their tags and their authors (one query each): not one per article
        Assert.Equal(50, rss.Items.Count());
        Assert.Equal("خبر رقم 55", rss.Items.First().Title.Text);
        Assert.Equal("خبر رقم 6", rss.Items.Last().Title.Text);
        Assert.Equal(rss.Titles(), atom.Titles());
    }

    [Fact]
    public async Task Item_count_is_a_setting()
    {
        using var site = new NashirFactory().With("Nashir:Feeds:Items", "3");
        for (var i = 1; i <= 5; i++)
            await site.PublishAsync($"خبر رقم {i}", Start.AddMinutes(i));

        Assert.Equal(["خبر رقم 5", "خبر رقم 4", "خبر رقم 3"], (await site.CreateReader().GetFeedAsync("/feed")).Titles());
    }

    [Fact]
    public async Task Dates_are_rfc822_in_rss_and_rfc3339_in_atom_from_utc()
    {
        using var site = new NashirFactory();
        var published = new DateTime(2024, 9, 30, 21, 5, 7, DateTimeKind.Utc);
        await site.PublishAsync("خبر بتاريخ معروف", published, configure: a => a.UpdatedAt = published.AddHours(3));
        var reader = site.CreateReader();

        var rss = XDocument.Parse(await reader.GetStringAsync("/feed"));
        var pubDate = rss.Descendants("item").Single().Element("pubDate")!.Value;
        Assert.Matches(new Regex(@"^Mon, 30 Sep 2024 21:05:07 (Z|GMT|UT|\+0000)$", RegexOptions.None, TimeSpan.FromSeconds(1)), pubDate);

        var atom = XDocument.Parse(await reader.GetStringAsync("/feed/atom"));
        XNamespace a = "http://www.w3.org/2005/Atom";
        var entry = atom.Root!.Element(a + "entry")!;
        Assert.Equal("2024-09-30T21:05:07Z", entry.Element(a + "published")!.Value);
        Assert.Equal("2024-10-01T00:05:07Z", entry.Element(a + "updated")!.Value);
        Assert.Equal("2024-10-01T00:05:07Z", atom.Root.Element(a + "updated")!.Value);

        var parsed = await reader.GetFeedAsync("/feed");
        Assert.Equal(new DateTimeOffset(published), parsed.Items.Single().PublishDate);
    }

    [Fact]
    public async Task Hostile_characters_in_headlines_and_bodies_still_make_well_formed_feeds()
    {
        using var site = new NashirFactory().With("Nashir:Feeds:FullContent", "true");
        const string headline = "خبر\u0001 عاجل & <b>مهم</b> ]]> \u000Bتجربة \uD800 \U0001F4F0 \uFFFE";
        // Set after the slug is made from a plain headline: the slug maker is not what this test is about.
        await site.PublishAsync("خبر عاجل", Start, body: "<p>نص\u0001 فيه ]]&gt; و&amp;\u000B</p>", configure: a => (a.Headline, a.Dek) = (headline, "ملخص\u0002 & <تجربة>"));

        foreach (var path in new[] { "/feed", "/feed/atom" })
        {
            var feed = await site.CreateReader().GetFeedAsync(path);
            var item = Assert.Single(feed.Items);
            Assert.DoesNotContain('\u0001', item.Title.Text);
            Assert.DoesNotContain('\u000B', item.Title.Text);
            Assert.StartsWith("خبر عاجل & <b>مهم</b> ]]> تجربة", item.Title.Text, StringComparison.Ordinal);
            Assert.Contains("\U0001F4F0", item.Title.Text, StringComparison.Ordinal);
            // An RSS description is HTML to its readers (see FeedTextTests); Atom's summary is marked text.
            Assert.Equal("ملخص & <تجربة>", path == "/feed" ? WebUtility.HtmlDecode(item.Summary.Text) : item.Summary.Text);
        }
        var sitemap = await site.CreateReader().GetXmlAsync("/sitemap-news.xml");
        Assert.Contains(sitemap.Descendants(), e => e.Name.LocalName == "title" && e.Value.StartsWith("خبر عاجل & <b>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Summary_is_the_dek_unless_full_content_is_set()
    {
        const string body = "<p>الفقرة الأولى من النص الكامل.</p><p>الفقرة الثانية.</p>";
        // The body as readers get it: each paragraph with its direction, for feed readers whose page is left to right.
        const string sent = "<p dir=\"rtl\">الفقرة الأولى من النص الكامل.</p><p dir=\"rtl\">الفقرة الثانية.</p>";
        using var summaryOnly = new NashirFactory();
        await summaryOnly.PublishAsync("خبر بملخص", Start, body: body, configure: a => a.Dek = "الملخص القصير");
        await summaryOnly.PublishAsync("خبر بلا ملخص", Start.AddHours(1), body: body);
        var rss = XDocument.Parse(await summaryOnly.CreateReader().GetStringAsync("/feed"));
        var items = rss.Descendants("item").ToList();
        Assert.Equal("الفقرة الأولى من النص الكامل. الفقرة الثانية.", items[0].Element("description")!.Value);
        Assert.Equal("الملخص القصير", items[1].Element("description")!.Value);
        Assert.Empty(rss.Descendants(Content + "encoded"));
        Assert.Null((await summaryOnly.CreateReader().GetFeedAsync("/feed/atom")).Items.First().Content);

        using var full = new NashirFactory().With("Nashir:Feeds:FullContent", "true");
        await full.PublishAsync("خبر كامل", Start, body: body, configure: a => a.Dek = "الملخص القصير");
        var fullRss = XDocument.Parse(await full.CreateReader().GetStringAsync("/feed"));
        Assert.Equal(sent, fullRss.Descendants(Content + "encoded").Single().Value);
        Assert.Equal("الملخص القصير", fullRss.Descendants("item").Single().Element("description")!.Value);
        var atomItem = (await full.CreateReader().GetFeedAsync("/feed/atom")).Items.Single();
        Assert.Equal(sent, ((TextSyndicationContent)atomItem.Content).Text);
        Assert.Equal("html", atomItem.Content.Type);
    }

    [Fact]
    public async Task Lead_image_is_an_enclosure_and_media_content_with_its_size()
    {
        using var site = new NashirFactory();
        var stem = "2024/09/صورة";
        var media = await site.WithDbAsync(async db =>
        {
            var item = new MediaItem { Path = stem, ContentType = "image/png", Width = 2000, Height = 1000, Variants = "640,1280", SizeBytes = 99999 };
            db.Media.Add(item);
            await db.SaveChangesAsync();
            return item;
        });
        var file = Path.Combine(site.DataPath, "media", MediaUrls.VariantFile(stem, 1280, MediaFormat.Jpeg));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, new byte[1234]);
        await site.PublishAsync("خبر بصورة", Start, configure: a => (a.LeadImageId, a.LeadImageCaption) = (media.Id, "تعليق الصورة"));

        var rss = XDocument.Parse(await site.CreateReader().GetStringAsync("/feed"));
        var expectedUrl = "http://localhost/media/2024/09/" + Uri.EscapeDataString("صورة") + "-1280.jpg";
        var enclosure = rss.Descendants("enclosure").Single();
        Assert.Equal(expectedUrl, enclosure.Attribute("url")!.Value);
        Assert.Equal("image/jpeg", enclosure.Attribute("type")!.Value);
        Assert.Equal("1234", enclosure.Attribute("length")!.Value);
        var content = rss.Descendants(Media + "content").Single();
        Assert.Equal(expectedUrl, content.Attribute("url")!.Value);
        Assert.Equal("1280", content.Attribute("width")!.Value);
        Assert.Equal("640", content.Attribute("height")!.Value);
        Assert.Equal("تعليق الصورة", content.Element(Media + "description")!.Value);

        var atom = (await site.CreateReader().GetFeedAsync("/feed/atom")).Items.Single();
        var link = atom.Links.Single(l => l.RelationshipType == "enclosure");
        Assert.Equal(expectedUrl, link.Uri.AbsoluteUri);
        Assert.Equal(1234, link.Length);
        Assert.Single(atom.ElementExtensions.ReadElementExtensions<XElement>("content", Media.NamespaceName));
    }

    [Fact]
    public async Task Arabic_article_addresses_are_percent_encoded_and_ids_survive_a_slug_change()
    {
        using var site = new NashirFactory().With("Nashir:PublicUrl", "https://alraai.example");
        var article = await site.PublishAsync("انتخابات بلدية في عدن", Start);
        var reader = site.CreateReader();

        var before = (await reader.GetFeedAsync("/feed")).Items.Single();
        var link = before.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsoluteUri;
        Assert.Equal("https://alraai.example/article/" + Uri.EscapeDataString(article.Slug), link);
        var raw = await reader.GetStringAsync("/feed");
        Assert.Contains("<link>https://alraai.example/article/%D8%A7%D9%86", raw, StringComparison.Ordinal);

        await site.WithDbAsync(async db =>
        {
            (await db.Articles.FindAsync(article.Id))!.Slug = "عنوان-جديد";
            await db.SaveChangesAsync();
        });
        var after = (await reader.GetFeedAsync("/feed")).Items.Single();
        Assert.Equal(before.Id, after.Id);
        Assert.NotEqual(link, after.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("/feed")]
    [InlineData("/feed/atom")]
    public async Task Feed_answers_304_when_etag_or_date_matches_and_200_after_a_change(string path)
    {
        using var site = new NashirFactory();
        await site.PublishAsync("خبر أول", Start);
        var reader = site.CreateReader();

        using var first = await reader.GetAsync(path);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal(new DateTimeOffset(Start), first.Content.Headers.LastModified);

        using (var byTag = new HttpRequestMessage(HttpMethod.Get, path))
        {
            byTag.Headers.IfNoneMatch.Add(etag);
            using var notModified = await reader.SendAsync(byTag);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }
        using (var byDate = new HttpRequestMessage(HttpMethod.Get, path))
        {
            byDate.Headers.IfModifiedSince = first.Content.Headers.LastModified;
            using var notModified = await reader.SendAsync(byDate);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }

        await site.PublishAsync("خبر ثان", Start.AddHours(1));
        using var changed = new HttpRequestMessage(HttpMethod.Get, path);
        changed.Headers.IfNoneMatch.Add(etag);
        using var fresh = await reader.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
        Assert.Equal(new DateTimeOffset(Start.AddHours(1)), fresh.Content.Headers.LastModified);
    }

    [Fact]
    public async Task Category_tag_and_author_feeds_hold_only_their_articles()
    {
        using var site = new NashirFactory();
        var economy = await site.CreateCategoryAsync("اقتصاد");
        var sport = await site.CreateCategoryAsync("رياضة");
        var oil = await site.PublishAsync("أسعار النفط", Start, economy.Id);
        var bank = await site.PublishAsync("البنك المركزي", Start.AddHours(1), economy.Id);
        var match = await site.PublishAsync("نتيجة المباراة", Start.AddHours(2), sport.Id);
        var draft = await site.DraftAsync("مسودة اقتصادية");
        await site.TagAsync("الريال", bank, match, draft);
        await site.AuthorAsync("سعيد الكاتب", oil, match, draft);
        var reader = site.CreateReader();

        foreach (var suffix in new[] { "", "/atom" })
        {
            Assert.Equal(["البنك المركزي", "أسعار النفط"], (await reader.GetFeedAsync(NashirFactory.ListingPath("category", economy.Slug) + "/feed" + suffix)).Titles());
            Assert.Equal(["نتيجة المباراة", "البنك المركزي"], (await reader.GetFeedAsync(NashirFactory.ListingPath("tag", "الريال") + "/feed" + suffix)).Titles());
            Assert.Equal(["نتيجة المباراة", "أسعار النفط"], (await reader.GetFeedAsync(NashirFactory.ListingPath("author", "سعيد-الكاتب") + "/feed" + suffix)).Titles());
        }
        var categoryFeed = await reader.GetFeedAsync(NashirFactory.ListingPath("category", economy.Slug) + "/feed");
        Assert.Equal("اقتصاد - الرأي برس", categoryFeed.Title.Text);
        Assert.Equal("http://localhost" + NashirFactory.ListingPath("category", economy.Slug), categoryFeed.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsoluteUri);

        var authorItem = (await reader.GetFeedAsync(NashirFactory.ListingPath("author", "سعيد-الكاتب") + "/feed/atom")).Items.First();
        Assert.Equal("سعيد الكاتب", authorItem.Authors.Single().Name);
        Assert.Contains(authorItem.Categories, c => c.Name == "رياضة");
        Assert.Contains(authorItem.Categories, c => c.Name == "الريال");
    }

    [Theory]
    [InlineData("/category/لا-يوجد/feed")]
    [InlineData("/tag/لا-يوجد/feed")]
    [InlineData("/author/لا-يوجد/feed/atom")]
    [InlineData("/section/اقتصاد/feed")]
    [InlineData("/feed/rss2")]
    public async Task Unknown_feed_is_an_arabic_404(string path)
    {
        using var site = new NashirFactory();
        await site.CreateCategoryAsync("اقتصاد");

        using var response = await site.CreateReader().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("الصفحة غير موجودة", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_feed_is_still_a_valid_feed()
    {
        using var site = new NashirFactory();
        var category = await site.CreateCategoryAsync("ثقافة");

        var feed = await site.CreateReader().GetFeedAsync(NashirFactory.ListingPath("category", category.Slug) + "/feed/atom");

        Assert.Empty(feed.Items);
    }

    [Fact]
    public async Task Reader_pages_advertise_their_feeds()
    {
        using var site = new NashirFactory();
        var category = await site.CreateCategoryAsync("محليات");
        await site.PublishAsync("خبر محلي", Start, category.Id);
        var reader = site.CreateReader();

        var home = await reader.GetDocumentAsync("/");
        Assert.Equal("/feed", home.QuerySelector("link[rel=alternate][type='application/rss+xml']")!.GetAttribute("href"));

        var listing = await reader.GetDocumentAsync(NashirFactory.ListingPath("category", category.Slug));
        var hrefs = listing.QuerySelectorAll("link[rel=alternate][type='application/rss+xml']").Select(l => l.GetAttribute("href")).ToList();
        Assert.Contains(NashirFactory.ListingPath("category", category.Slug) + "/feed", hrefs);
        // The advertised address answers.
        await reader.GetFeedAsync(NashirFactory.ListingPath("category", category.Slug) + "/feed");
    }

    [Fact]
    public async Task Head_request_gets_headers_without_a_body()
    {
        using var site = new NashirFactory();
        await site.PublishAsync("خبر", Start);

        using var response = await site.CreateReader().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/feed"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>
    /// The requests run in the test's execution context (<c>PreserveExecutionContext</c>), so the server itself formats
    /// under ar-SA, whose calendar is Umm al-Qura: a date written with the current culture would come out as 1446.
    /// </summary>
    [Fact]
    public async Task Feeds_and_sitemaps_are_the_same_when_the_server_runs_in_an_arabic_culture()
    {
        using var site = new NashirFactory();
        site.Server.PreserveExecutionContext = true;
        var article = await site.PublishAsync("خبر", new DateTime(2024, 9, 30, 8, 0, 0, DateTimeKind.Utc));
        var reader = site.CreateReader();
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
        string rss, atom, sitemap;
        try
        {
            // The premise: in this culture a culture-sensitive date is a different text.
            Assert.Equal("1446", new DateTime(2024, 9, 30, 0, 0, 0, DateTimeKind.Utc).ToString("yyyy", CultureInfo.CurrentCulture));
            rss = await reader.GetStringAsync("/feed");
            atom = await reader.GetStringAsync("/feed/atom");
            sitemap = await reader.GetStringAsync(Nashir.Feeds.SitemapEndpoints.ArticlePage(1));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        var id = $"tag:localhost,2024-09-30:article:{article.Id.ToString(CultureInfo.InvariantCulture)}";
        Assert.Contains("<pubDate>Mon, 30 Sep 2024 08:00:00", rss, StringComparison.Ordinal);
        Assert.Contains($"<guid isPermaLink=\"false\">{id}</guid>", rss, StringComparison.Ordinal);
        Assert.Contains($"<id>{id}</id>", atom, StringComparison.Ordinal);
        Assert.Contains("<updated>2024-09-30T08:00:00Z</updated>", atom, StringComparison.Ordinal);
        Assert.Contains("<lastmod>2024-09-30T08:00:00+00:00</lastmod>", sitemap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renamed_tag_feed_redirects_to_the_current_one()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر موسوم", Start);
        var tag = await site.TagAsync("الوسم الجديد", article);
        await site.WithDbAsync(async db =>
        {
            db.TagSlugs.Add(new TagSlug { Slug = "الوسم-القديم", TagId = tag.Id, RetiredAt = Start });
            await db.SaveChangesAsync();
        });

        using var response = await site.CreateReader().GetAsync("/tag/" + Uri.EscapeDataString("الوسم-القديم") + "/feed/atom");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/tag/" + Uri.EscapeDataString(tag.Slug) + "/feed/atom", response.Headers.Location!.OriginalString);
    }
}
