using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using Nashir.Arabic;
using Nashir.Demo;

namespace Nashir.Tests.Articles;

/// <summary>The demo's seed article page shows every element of the captured page, in its order.</summary>
public sealed class SeedArticlePageTests : IClassFixture<SeedArticlePageTests.Site>, IAsyncLifetime
{
    public sealed class Site() : NashirFactory(demoContent: true);

    private readonly Site _site;
    private IDocument _page = null!;

    public SeedArticlePageTests(Site site) => _site = site;

    public async ValueTask InitializeAsync() =>
        _page = await _site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(Slugs.Slugify(DemoContent.SeedHeadline)));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public void Page_is_arabic_and_right_to_left()
    {
        Assert.Equal("ar", _page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("rtl", _page.DocumentElement.GetAttribute("dir"));
    }

    [Fact]
    public void Headline_is_the_only_h1() =>
        Assert.Equal(DemoContent.SeedHeadline, Assert.Single(_page.QuerySelectorAll("h1")).Text());

    [Fact]
    public void Lead_image_has_its_caption_in_a_figure()
    {
        var figure = _page.QuerySelector("article figure")!;
        Assert.NotNull(figure.QuerySelector("img[alt][width][height]"));
        Assert.StartsWith("أعلام داعش", figure.QuerySelector("figcaption")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void Lead_image_is_a_responsive_picture_from_the_media_library()
    {
        var picture = _page.QuerySelector("article figure picture")!;
        var webp = picture.QuerySelector("source[type='image/webp']")!.GetAttribute("srcset")!;
        var jpeg = picture.QuerySelector("img")!.GetAttribute("srcset")!;
        Assert.Equal(["320w", "640w", "1024w"], jpeg.Split(", ").Select(c => c.Split(' ')[1]));
        Assert.All(jpeg.Split(", "), c => Assert.Matches(@"^/media/\d{4}/\d{2}/[0-9a-f]{16}-\d+\.jpg \d+w$", c));
        Assert.All(webp.Split(", "), c => Assert.Matches(@"^/media/\d{4}/\d{2}/[0-9a-f]{16}-\d+\.webp \d+w$", c));
    }

    [Fact]
    public async Task Link_previews_and_the_news_article_carry_the_lead_image_which_is_served()
    {
        var image = _page.QuerySelector("meta[property='og:image']")?.GetAttribute("content");
        Assert.NotNull(image);
        Assert.Equal("1024", _page.QuerySelector("meta[property='og:image:width']")!.GetAttribute("content"));
        var graph = JsonNode.Parse(_page.QuerySelector("script[type='application/ld+json']")!.TextContent)!["@graph"]!.AsArray();
        var news = graph.Single(n => (string?)n!["@type"] == "NewsArticle")!;
        Assert.Equal(image, (string?)news["image"]![0]!["url"]);

        using var response = await _site.CreateReader().GetAsync(new Uri(image).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
    }

    [Fact]
    public void Time_line_shows_the_site_time_and_the_byline()
    {
        var meta = _page.QuerySelector(".story-meta")!;
        Assert.Contains("الساعة 23:29", meta.Text(), StringComparison.Ordinal);
        Assert.Equal("2024-09-26T23:29:00+03:00", meta.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("(الرأي برس - وكالات)", meta.QuerySelector(".byline")!.Text());
        Assert.Contains("الخميس 26 سبتمبر 2024", meta.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void Body_has_every_paragraph_in_order()
    {
        var paragraphs = _page.QuerySelectorAll(".story-body p").Select(p => p.Text()).ToList();
        Assert.Equal(10, paragraphs.Count);
        Assert.StartsWith("قالت السفارة البريطانية بالقاهرة", paragraphs[0], StringComparison.Ordinal);
        Assert.Contains("سبتمبر/ أيلول 2013", paragraphs[7], StringComparison.Ordinal);
        Assert.StartsWith("وفي اليوم التالي", paragraphs[9], StringComparison.Ordinal);
    }

    [Fact]
    public void Elements_follow_the_seed_order()
    {
        var html = _page.Body!.InnerHtml;
        string[] inOrder = ["<h1", "<figcaption", "الساعة", "story-body", "class=\"tags\"", "أخبار ذات صلة", "الفيس بوك", "التليجرام", "شارك برأيك", "إضافة تعليق"];
        var positions = inOrder.Select(marker => html.IndexOf(marker, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order().ToList(), positions);
    }

    [Fact]
    public void Tags_link_to_their_pages()
    {
        var tags = _page.QuerySelectorAll(".tags a").ToList();
        Assert.Contains(tags, a => a.Text() == "مصر" && a.GetAttribute("href") == NashirFactory.ListingPath("tag", "مصر"));
    }

    [Fact]
    public void Related_articles_come_from_the_same_category_and_only_from_it()
    {
        // The seed shares no tag with any demo story, so its related stories are exactly the other two of «عربي ودولي», newest first.
        var related = _page.QuerySelectorAll(".related .card-title a").Select(a => a.Text()).ToList();
        Assert.Equal(["خبر تجريبي: قمة إقليمية تناقش أمن المياه", "خبر تجريبي: اتفاق على تسهيل حركة الشحن بين موانئ المنطقة"], related);
        Assert.DoesNotContain("خبر تجريبي: افتتاح مكتبة عامة جديدة في وسط المدينة", related); // محليات, the newest story
    }

    [Fact]
    public void Follow_links_point_to_the_configured_pages()
    {
        var follow = _page.QuerySelector(".follow-us")!;
        Assert.Contains("لمزيد من الأخبار يرجى الإعجاب بصفحتنا على الفيس بوك", follow.Text(), StringComparison.Ordinal);
        Assert.Contains("لمتابعة أخبار الرأي برس عبر التليجرام", follow.Text(), StringComparison.Ordinal);
        Assert.Equal(["https://www.facebook.com/", "https://t.me/"], follow.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void Comment_section_has_heading_disclaimer_approved_comment_and_form()
    {
        var section = _page.QuerySelector("#comments")!;
        Assert.Equal("شارك برأيك", section.QuerySelector("h2")!.Text());
        Assert.Equal("المشاركات والتعليقات المنشورة لا تمثل الرأي برس وإنما تعبر عن رأي أصحابها", section.QuerySelector(".disclaimer")!.Text());
        Assert.Contains("هذا تعليق تجريبي", section.QuerySelector(".comment-list")!.Text(), StringComparison.Ordinal);
        Assert.Equal("إضافة تعليق", section.QuerySelector("h3")!.Text());
        var labels = section.QuerySelectorAll("form .field:not(.trap) label").Select(l => (l.Text(), l.GetAttribute("for"))).Take(3).ToList();
        Assert.Equal([("الاسم", "comment-name"), ("موضوع التعليق", "comment-subject"), ("النص", "comment-text")], labels);
        Assert.NotNull(section.QuerySelector("textarea#comment-text[required]"));
    }

    [Fact]
    public void Header_has_site_name_navigation_and_last_update()
    {
        var header = _page.QuerySelector("header.site-header")!;
        Assert.Equal("الرأي برس", header.QuerySelector(".site-name")!.Text());
        Assert.Contains("عربي ودولي", header.QuerySelectorAll("nav a").Select(a => a.Text()));
        Assert.StartsWith("آخر تحديث:", header.QuerySelector(".last-update")!.Text(), StringComparison.Ordinal);
    }
}
