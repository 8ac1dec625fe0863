using System.Text.Json;
using AngleSharp.Dom;
using Nashir.Articles;
using Nashir.Media;
using Nashir.Site;
using Nashir.Tests.Media;

namespace Nashir.Tests.Articles;

/// <summary>What search engines and social networks read from an article page, and the reader's share links.</summary>
public sealed class SharingTests
{
    private const string Origin = "https://alraai.example";

    private static async Task<(NashirFactory Site, Article Article, MediaItem Image)> PublishFullArticleAsync(string headline = "الحوثيون يعلنون استهداف سفينة في البحر الأحمر")
    {
        var site = new NashirFactory().With("Nashir:PublicUrl", Origin);
        var image = (await site.SaveAsync(TestImages.PhotoWithCameraAndGps(), details: new MediaDetails("سفينة في البحر", "رويترز", "سفينة شحن"))).Item!;
        var category = await site.CreateCategoryAsync("أخبار محلية");
        var published = site.Clock.GetUtcNow().UtcDateTime.AddHours(-2);
        var article = await site.PublishAsync(headline, published, category.Id, configure: a =>
        {
            a.Dek = "تصعيد جديد في الممر الملاحي";
            a.LeadImageId = image.Id;
            a.UpdatedAt = published.AddMinutes(30);
            a.Tags.Add(new Tag { Slug = "البحر-الأحمر", Name = "البحر الأحمر" });
            a.Tags.Add(new Tag { Slug = "الملاحة", Name = "الملاحة" });
            a.Authors.Add(new Author { Slug = "سعيد-أحمد", Name = "سعيد أحمد" });
        });
        return (site, article, image);
    }

    private static string Meta(IDocument page, string property) =>
        page.QuerySelector($"meta[property='{property}'], meta[name='{property}']")?.GetAttribute("content")
        ?? throw new Xunit.Sdk.XunitException($"no <meta> {property}");

    private static JsonElement Graph(IDocument page, string type)
    {
        var script = Assert.Single(page.QuerySelectorAll("script[type='application/ld+json']"));
        using var json = JsonDocument.Parse(script.TextContent);
        Assert.Equal("https://schema.org", json.RootElement.GetProperty("@context").GetString());
        return json.RootElement.GetProperty("@graph").EnumerateArray().Single(n => n.GetProperty("@type").GetString() == type).Clone();
    }

    [Fact]
    public async Task News_article_json_ld_carries_headline_dates_image_authors_and_publisher()
    {
        var (site, article, image) = await PublishFullArticleAsync();
        using var _ = site;
        var page = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));

        var news = Graph(page, "NewsArticle");
        var url = Origin + NashirLinks.Article(article.Slug);
        Assert.Equal(article.Headline, news.GetProperty("headline").GetString());
        Assert.Equal(url, news.GetProperty("mainEntityOfPage").GetString());
        Assert.Equal("ar", news.GetProperty("inLanguage").GetString());
        Assert.Equal(article.PublishedAt, news.GetProperty("datePublished").GetDateTime().ToUniversalTime());
        Assert.Equal(article.UpdatedAt, news.GetProperty("dateModified").GetDateTime().ToUniversalTime());
        Assert.Equal("تصعيد جديد في الممر الملاحي", news.GetProperty("description").GetString());
        Assert.Equal("أخبار محلية", news.GetProperty("articleSection").GetString());
        Assert.Equal(["البحر الأحمر", "الملاحة"], news.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()).Order(StringComparer.Ordinal));
        var img = Assert.Single(news.GetProperty("image").EnumerateArray());
        Assert.Equal($"{Origin}/media/{image.Path}-1600.jpg", img.GetProperty("url").GetString());
        Assert.Equal((1600, 960), (img.GetProperty("width").GetInt32(), img.GetProperty("height").GetInt32()));
        var author = Assert.Single(news.GetProperty("author").EnumerateArray());
        Assert.Equal(("Person", "سعيد أحمد"), (author.GetProperty("@type").GetString(), author.GetProperty("name").GetString()));
        Assert.Equal(Origin + NashirLinks.Author("سعيد-أحمد"), author.GetProperty("url").GetString());

        var publisherId = news.GetProperty("publisher").GetProperty("@id").GetString();
        var publisher = Graph(page, "NewsMediaOrganization");
        Assert.Equal(publisherId, publisher.GetProperty("@id").GetString());
        Assert.Equal("الرأي برس", publisher.GetProperty("name").GetString());
        var logo = publisher.GetProperty("logo").GetProperty("url").GetString()!;
        Assert.StartsWith(Origin + "/", logo, StringComparison.Ordinal);
        // The logo the structured data names is really served.
        Assert.True((await site.CreateReader().GetAsync(new Uri(logo).AbsolutePath)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Breadcrumb_list_goes_home_then_section_then_article()
    {
        var (site, article, _) = await PublishFullArticleAsync();
        using var _s = site;
        var page = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));

        var items = Graph(page, "BreadcrumbList").GetProperty("itemListElement").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], items.Select(i => i.GetProperty("position").GetInt32()));
        Assert.Equal(["الرئيسية", "أخبار محلية", article.Headline], items.Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(Origin + "/", items[0].GetProperty("item").GetString());
        Assert.Equal(Origin + NashirFactory.ListingPath("category", "أخبار-محلية"), items[1].GetProperty("item").GetString());
        Assert.Equal(Origin + NashirLinks.Article(article.Slug), items[2].GetProperty("item").GetString());
    }

    [Fact]
    public async Task Open_graph_and_twitter_tags_describe_the_article_and_its_image()
    {
        var (site, article, image) = await PublishFullArticleAsync();
        using var _ = site;
        var page = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));

        var url = Origin + NashirLinks.Article(article.Slug);
        Assert.Equal(url, page.QuerySelector("link[rel='canonical']")!.GetAttribute("href"));
        Assert.Equal(url, Meta(page, "og:url"));
        Assert.Equal("article", Meta(page, "og:type"));
        Assert.Equal("ar_AR", Meta(page, "og:locale"));
        Assert.Equal("الرأي برس", Meta(page, "og:site_name"));
        Assert.Equal(article.Headline, Meta(page, "og:title"));
        Assert.Equal("تصعيد جديد في الممر الملاحي", Meta(page, "og:description"));
        Assert.Equal("تصعيد جديد في الممر الملاحي", Meta(page, "description"));
        Assert.Equal(article.PublishedAt, DateTime.Parse(Meta(page, "article:published_time"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal));
        Assert.Equal(article.UpdatedAt, DateTime.Parse(Meta(page, "article:modified_time"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal));
        Assert.Equal("أخبار محلية", Meta(page, "article:section"));
        Assert.Equal(["البحر الأحمر", "الملاحة"], page.QuerySelectorAll("meta[property='article:tag']").Select(m => m.GetAttribute("content")).Order(StringComparer.Ordinal));
        Assert.Equal($"{Origin}/media/{image.Path}-1600.jpg", Meta(page, "og:image"));
        Assert.Equal(("1600", "960", "image/jpeg"), (Meta(page, "og:image:width"), Meta(page, "og:image:height"), Meta(page, "og:image:type")));
        Assert.Equal("سفينة شحن", Meta(page, "og:image:alt"));
        Assert.Equal("summary_large_image", Meta(page, "twitter:card"));
        Assert.Equal(Meta(page, "og:image"), Meta(page, "twitter:image"));
    }

    [Fact]
    public async Task Article_without_image_or_writers_gets_a_small_card_and_the_newsroom_as_author()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("بيان مقتضب من وزارة الخارجية");
        var page = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));

        Assert.Equal("summary", Meta(page, "twitter:card"));
        Assert.Null(page.QuerySelector("meta[property='og:image']"));
        var news = Graph(page, "NewsArticle");
        Assert.False(news.TryGetProperty("image", out _));
        var author = Assert.Single(news.GetProperty("author").EnumerateArray());
        Assert.Equal(news.GetProperty("publisher").GetProperty("@id").GetString(), author.GetProperty("@id").GetString());
        // No public origin configured: links use the host the request came to.
        Assert.Equal("http://localhost" + NashirLinks.Article(article.Slug), page.QuerySelector("link[rel='canonical']")!.GetAttribute("href"));
        // Two crumbs when there is no section.
        Assert.Equal(2, Graph(page, "BreadcrumbList").GetProperty("itemListElement").GetArrayLength());
    }

    [Fact]
    public async Task A_headline_that_closes_the_script_cannot_break_out_of_the_json_ld()
    {
        const string hostile = "خبر </script><script>alert(1)</script> & \"اقتباس\" <!--";
        var (site, article, _) = await PublishFullArticleAsync(hostile);
        using var _s = site;
        var response = await site.CreateReader().GetAsync(NashirFactory.ArticlePath(article.Slug));
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        // The type is written as is, not as "ld&#x2B;json": some crawlers match the raw markup.
        Assert.Contains("<script type=\"application/ld+json\">", html, StringComparison.Ordinal);
        var page = Html.Parse(html);
        Assert.Equal(hostile, Graph(page, "NewsArticle").GetProperty("headline").GetString());
        Assert.Equal(hostile, Meta(page, "og:title"));
    }

    [Fact]
    public async Task Share_links_are_plain_links_to_each_network_carrying_the_address_and_no_third_party_script()
    {
        var (site, article, _) = await PublishFullArticleAsync();
        using var _s = site;
        var page = await site.CreateReader().GetDocumentAsync(NashirFactory.ArticlePath(article.Slug));

        var url = Origin + NashirLinks.Article(article.Slug);
        var links = page.QuerySelectorAll("nav.share a").ToDictionary(a => a.ClassName!, a => new Uri(a.GetAttribute("href")!, UriKind.RelativeOrAbsolute));
        Assert.Equal(["share-copy", "share-facebook", "share-telegram", "share-whatsapp", "share-x"], links.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("wa.me", "https"), (links["share-whatsapp"].Host, links["share-whatsapp"].Scheme));
        Assert.Equal("t.me", links["share-telegram"].Host);
        Assert.Equal("www.facebook.com", links["share-facebook"].Host);
        Assert.Equal("x.com", links["share-x"].Host);
        foreach (var key in new[] { "share-whatsapp", "share-telegram", "share-facebook", "share-x" })
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(links[key].Query);
            var carried = string.Join(' ', query.Values.SelectMany(v => v.ToArray()));
            Assert.Contains(url, carried, StringComparison.Ordinal);
        }
        Assert.Contains(article.Headline, Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(links["share-telegram"].Query)["text"].ToString(), StringComparison.Ordinal);
        Assert.Equal(url, links["share-copy"].OriginalString);

        // Every script the page loads is the site's own: no share widgets, no trackers.
        Assert.All(page.QuerySelectorAll("script[src]"), s => Assert.StartsWith("/js/", s.GetAttribute("src"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Listing_and_home_pages_have_absolute_canonical_addresses()
    {
        using var site = new NashirFactory().With("Nashir:PublicUrl", Origin + "/");
        var category = await site.CreateCategoryAsync("رياضة");
        await site.PublishAsync("مباراة الأمس", categoryId: category.Id);
        var reader = site.CreateReader();

        var listing = await reader.GetDocumentAsync(NashirFactory.ListingPath("category", category.Slug));
        Assert.Equal(Origin + NashirFactory.ListingPath("category", category.Slug), listing.QuerySelector("link[rel='canonical']")!.GetAttribute("href"));
        Assert.Equal("website", Meta(listing, "og:type"));
        Assert.Equal("رياضة", Meta(listing, "og:title"));

        var home = await reader.GetDocumentAsync("/");
        Assert.Equal(Origin + "/", home.QuerySelector("link[rel='canonical']")!.GetAttribute("href"));
        Assert.Equal("الرأي برس", Meta(home, "og:title"));
    }

    [Theory]
    [InlineData("ftp://alraai.example")]
    [InlineData("https://alraai.example/news")]
    [InlineData("alraai.example")]
    public void A_public_url_that_is_not_an_http_origin_stops_the_start(string value)
    {
        using var site = new NashirFactory().With("Nashir:PublicUrl", value);
        var error = Assert.ThrowsAny<Exception>(() => site.CreateReader());
        Assert.Contains("Nashir:PublicUrl", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Long_headlines_are_cut_at_a_word_and_never_inside_a_surrogate_pair()
    {
        var words = string.Join(' ', Enumerable.Repeat("كلمة", 40));
        var cut = StructuredData.Truncate(words, 110);
        Assert.True(cut.Length <= 110);
        Assert.EndsWith("كلمة…", cut, StringComparison.Ordinal);

        var emoji = new string('ب', 108) + "😀😀";
        var cutEmoji = StructuredData.Truncate(emoji, 110);
        Assert.True(cutEmoji.Length <= 110);
        Assert.False(char.IsHighSurrogate(cutEmoji[^2]));
        Assert.Equal("قصير", StructuredData.Truncate("قصير", 110));
    }
}
