using System.Net;
using System.Text.Json;
using Nashir.Arabic;
using Nashir.Articles;
using Nashir.Media;

namespace Nashir.Tests.ContentApi;

/// <summary>GET /api/v1/articles and /api/v1/articles/{slug}: what is public, filters, paging, fields, since, errors.</summary>
public sealed class ArticleApiTests
{
    private static string Encode(string slug) => Uri.EscapeDataString(slug);

    /// <summary>25 politics articles an hour apart (newest first: "سياسة 1"…), 3 sport articles tagged and written by أحمد.</summary>
    private static async Task SeedAsync(NashirFactory site)
    {
        var now = site.Clock.GetUtcNow().UtcDateTime;
        await site.WithDbAsync(async db =>
        {
            var politics = new Category { Name = "سياسة", Slug = "سياسة" };
            var sport = new Category { Name = "رياضة", Slug = "رياضة" };
            var tag = new Tag { Name = "كأس العالم", Slug = "كأس-العالم" };
            var author = new Author { Name = "أحمد علي", Slug = "أحمد-علي" };
            db.TagSlugs.Add(new TagSlug { Slug = "المونديال", Tag = tag, RetiredAt = now });
            for (var i = 1; i <= 25; i++)
                db.Articles.Add(Published($"سياسة {i}", now.AddHours(-i), politics));
            for (var i = 1; i <= 3; i++)
            {
                var article = Published($"رياضة {i}", now.AddMinutes(-30 - (i * 60)), sport);
                article.Tags.Add(tag);
                article.Authors.Add(author);
                db.Articles.Add(article);
            }
            await db.SaveChangesAsync();
        });
    }

    private static Article Published(string headline, DateTime at, Category? category = null) => new()
    {
        Slug = Slugs.Slugify(headline),
        Headline = headline,
        Body = "<p>نص الخبر.</p>",
        Status = ArticleStatus.Published,
        CreatedAt = at,
        PublishedAt = at,
        Category = category,
    };

    [Fact]
    public async Task Articles_come_newest_first_in_pages_with_the_total_and_a_next_link()
    {
        using var site = new NashirFactory().With("Nashir:PublicUrl", "https://alraai.example");
        await SeedAsync(site);
        var client = await site.CreateApiClientAsync();

        var first = await client.GetJsonAsync("/api/v1/articles?pageSize=10");
        Assert.Equal(["سياسة 1", "رياضة 1", "سياسة 2", "رياضة 2", "سياسة 3", "رياضة 3", "سياسة 4", "سياسة 5", "سياسة 6", "سياسة 7"], ApiSteps.Headlines(first));
        var meta = first.GetProperty("meta");
        Assert.Equal(28, meta.GetProperty("total").GetInt32());
        Assert.Equal(3, meta.GetProperty("pageCount").GetInt32());
        var next = meta.GetProperty("links").GetProperty("next").GetString()!;
        Assert.StartsWith("https://alraai.example/api/v1/articles?", next, StringComparison.Ordinal);
        Assert.Contains("pageSize=10", next, StringComparison.Ordinal);
        Assert.Contains("page=2", next, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, meta.GetProperty("links").GetProperty("prev").ValueKind);

        var last = await client.GetJsonAsync(new Uri(next).PathAndQuery.Replace("page=2", "page=3", StringComparison.Ordinal));
        Assert.Equal(8, ApiSteps.Headlines(last).Count);
        Assert.Equal("سياسة 25", ApiSteps.Headlines(last)[^1]);
        Assert.Equal(JsonValueKind.Null, last.GetProperty("meta").GetProperty("links").GetProperty("next").ValueKind);

        // The default page is 20 articles.
        Assert.Equal(20, ApiSteps.Headlines(await client.GetJsonAsync("/api/v1/articles")).Count);
    }

    [Fact]
    public async Task Arabic_Indic_digits_are_read_in_page_numbers()
    {
        using var site = new NashirFactory();
        await SeedAsync(site);
        var client = await site.CreateApiClientAsync();

        var page = await client.GetJsonAsync("/api/v1/articles?page=" + Encode("٢") + "&pageSize=" + Encode("١٠"));

        Assert.Equal(2, page.GetProperty("meta").GetProperty("page").GetInt32());
        Assert.Equal("سياسة 8", ApiSteps.Headlines(page)[0]);
    }

    [Fact]
    public async Task Category_tag_and_author_slugs_filter_the_list_and_a_former_tag_slug_still_works()
    {
        using var site = new NashirFactory();
        await SeedAsync(site);
        var client = await site.CreateApiClientAsync();

        var sport = await client.GetJsonAsync("/api/v1/articles?category=" + Encode("رياضة"));
        Assert.Equal(["رياضة 1", "رياضة 2", "رياضة 3"], ApiSteps.Headlines(sport));
        Assert.Equal(3, sport.GetProperty("meta").GetProperty("total").GetInt32());
        Assert.Equal(3, ApiSteps.Headlines(await client.GetJsonAsync("/api/v1/articles?tag=" + Encode("كأس-العالم"))).Count);
        Assert.Equal(3, ApiSteps.Headlines(await client.GetJsonAsync("/api/v1/articles?tag=" + Encode("المونديال"))).Count);
        Assert.Equal(3, ApiSteps.Headlines(await client.GetJsonAsync("/api/v1/articles?author=" + Encode("أحمد-علي"))).Count);
        Assert.Empty(ApiSteps.Headlines(await client.GetJsonAsync("/api/v1/articles?category=" + Encode("سياسة") + "&tag=" + Encode("كأس-العالم"))));

        var detail = await client.GetProblemAsync("/api/v1/articles?category=" + Encode("اقتصاد"), HttpStatusCode.BadRequest);
        Assert.Contains("اقتصاد", detail, StringComparison.Ordinal);
        await client.GetProblemAsync("/api/v1/articles?tag=nothing", HttpStatusCode.BadRequest);
        await client.GetProblemAsync("/api/v1/articles?author=nobody", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Drafts_unpublished_and_future_articles_are_not_public()
    {
        using var site = new NashirFactory();
        var now = site.Clock.GetUtcNow().UtcDateTime;
        await site.PublishAsync("خبر منشور");
        await site.PublishAsync("مسودة", configure: a => a.Status = ArticleStatus.Draft);
        await site.PublishAsync("خبر سُحب", configure: a => a.Status = ArticleStatus.Unpublished);
        await site.PublishAsync("خبر الغد", publishedAt: now.AddHours(2));
        var client = await site.CreateApiClientAsync();

        Assert.Equal(["خبر منشور"], ApiSteps.Headlines(await client.GetJsonAsync("/api/v1/articles")));
        await client.GetProblemAsync("/api/v1/articles/" + Encode(Slugs.Slugify("مسودة")), HttpStatusCode.NotFound);
        await client.GetProblemAsync("/api/v1/articles/" + Encode(Slugs.Slugify("خبر الغد")), HttpStatusCode.NotFound);

        site.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(["خبر الغد", "خبر منشور"], ApiSteps.Headlines(await client.GetJsonAsync("/api/v1/articles")));
    }

    [Fact]
    public async Task Fields_keeps_only_the_named_properties_and_an_unknown_name_is_a_400()
    {
        using var site = new NashirFactory();
        await site.PublishAsync("خبر الحقول");
        var client = await site.CreateApiClientAsync();

        var list = await client.GetJsonAsync("/api/v1/articles?fields=headline,slug,publishedAt");
        var article = list.GetProperty("articles")[0];
        Assert.Equal(["headline", "publishedAt", "slug"], article.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList());
        var one = await client.GetJsonAsync("/api/v1/articles/" + Encode(Slugs.Slugify("خبر الحقول")) + "?fields=bodyHtml");
        Assert.Equal(["bodyHtml"], one.EnumerateObject().Select(p => p.Name).ToList());

        var detail = await client.GetProblemAsync("/api/v1/articles?fields=headline,password", HttpStatusCode.BadRequest);
        Assert.Contains("password", detail, StringComparison.Ordinal);
        await client.GetProblemAsync("/api/v1/articles?fields=", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Since_lists_articles_published_or_updated_from_that_moment_in_any_offset()
    {
        using var site = new NashirFactory();
        var now = site.Clock.GetUtcNow().UtcDateTime; // 2024-10-01 09:00 UTC
        await site.PublishAsync("قديم", publishedAt: now.AddDays(-3));
        await site.PublishAsync("قديم عُدّل", publishedAt: now.AddDays(-3), configure: a => a.UpdatedAt = now.AddMinutes(-10));
        await site.PublishAsync("جديد", publishedAt: now.AddMinutes(-5));
        var client = await site.CreateApiClientAsync();

        Assert.Equal(["جديد", "قديم عُدّل"], ApiSteps.Headlines(await client.GetJsonAsync("/api/v1/articles?since=2024-10-01T08:00:00Z")));
        // 11:00 at +03:00 is 08:00 UTC; the '+' sent encoded, and sent raw (which a query string reads as a space).
        Assert.Equal(2, ApiSteps.Headlines(await client.GetJsonAsync("/api/v1/articles?since=2024-10-01T11:00:00%2B03:00")).Count);
        Assert.Equal(2, ApiSteps.Headlines(await client.GetJsonAsync("/api/v1/articles?since=2024-10-01T11:00:00+03:00")).Count);
        Assert.Equal(["جديد"], ApiSteps.Headlines(await client.GetJsonAsync("/api/v1/articles?since=2024-10-01T08:55:00.000Z")));
        Assert.Equal(3, ApiSteps.Headlines(await client.GetJsonAsync("/api/v1/articles?since=" + Encode("٢٠٢٤-٠٩-٢٠T00:00Z"))).Count);
    }

    public static TheoryData<string> BadQueries => new()
    {
        "page=0",
        "page=-1",
        "page=abc",
        "page=99999999999",
        "pageSize=0",
        "pageSize=101",
        "pageSize=1e3",
        "since=yesterday",
        "since=2024-10-01",
        "since=2024-10-01T09:00:00",
        "since=2024-13-01T09:00:00Z",
        "fields=headline,Headline",
        "fields=,",
        "category=" + Uri.EscapeDataString("غير-موجود"),
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Bad_parameters_are_a_400_problem_in_arabic(string query)
    {
        using var site = new NashirFactory();
        await site.PublishAsync("خبر");
        var client = await site.CreateApiClientAsync();

        using var response = await client.GetAsync("/api/v1/articles?" + query);

        await ApiSteps.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task An_article_answers_by_its_current_and_former_slugs_and_an_unknown_slug_is_a_404_problem()
    {
        using var site = new NashirFactory().With("Nashir:PublicUrl", "https://alraai.example");
        var now = site.Clock.GetUtcNow().UtcDateTime;
        var article = await site.PublishAsync("افتتاح الطريق", body: "<p>افتُتح <strong>الطريق</strong>.</p>", configure: a =>
        {
            a.Dek = "موجز الخبر";
            a.Byline = "الرأي برس - وكالات";
            a.IsBreaking = true;
            a.UpdatedAt = a.PublishedAt!.Value.AddMinutes(30);
            a.Category = new Category { Name = "محليات", Slug = "محليات" };
            a.Sources.Add(new Source { Name = "سبأ", Url = "https://saba.example" });
            a.LeadImage = new MediaItem { Path = "2024/10/road", ContentType = "image/jpeg", Width = 2000, Height = 1000, Variants = "640,1024,1600", Caption = "الطريق الجديد" };
            a.LeadImageAlt = "سيارات على الطريق";
            a.LeadImageCredit = "تصوير: سبأ";
            a.OldSlugs.Add(new ArticleSlug { Slug = "طريق-قديم", RetiredAt = now });
        });
        var client = await site.CreateApiClientAsync();

        var json = await client.GetJsonAsync("/api/v1/articles/" + Encode(article.Slug));
        Assert.Equal(article.Id, json.GetProperty("id").GetInt32());
        Assert.Equal("https://alraai.example/article/" + Encode(article.Slug), json.GetProperty("url").GetString());
        Assert.Equal("<p dir=\"rtl\">افتُتح <strong>الطريق</strong>.</p>", json.GetProperty("bodyHtml").GetString());
        Assert.Equal("موجز الخبر", json.GetProperty("dek").GetString());
        Assert.Equal("الرأي برس - وكالات", json.GetProperty("byline").GetString());
        Assert.Equal("2024-10-01T09:00:00Z", json.GetProperty("publishedAt").GetString());
        Assert.Equal("2024-10-01T09:30:00Z", json.GetProperty("updatedAt").GetString());
        Assert.True(json.GetProperty("breaking").GetBoolean());
        Assert.False(json.GetProperty("featured").GetBoolean());
        Assert.Equal("محليات", json.GetProperty("category").GetProperty("slug").GetString());
        Assert.Equal("https://alraai.example/category/" + Encode("محليات"), json.GetProperty("category").GetProperty("url").GetString());
        Assert.Equal("سبأ", json.GetProperty("sources")[0].GetProperty("name").GetString());
        var image = json.GetProperty("leadImage");
        Assert.Equal("https://alraai.example/media/2024/10/road-1024.jpg", image.GetProperty("url").GetString());
        Assert.Equal(1024, image.GetProperty("width").GetInt32());
        Assert.Equal(512, image.GetProperty("height").GetInt32());
        Assert.Equal("سيارات على الطريق", image.GetProperty("alt").GetString());
        Assert.Equal("الطريق الجديد", image.GetProperty("caption").GetString());
        Assert.Equal("تصوير: سبأ", image.GetProperty("credit").GetString());

        var former = await client.GetJsonAsync("/api/v1/articles/" + Encode("طريق-قديم"));
        Assert.Equal(article.Slug, former.GetProperty("slug").GetString());

        await client.GetProblemAsync("/api/v1/articles/" + Encode("لا-يوجد"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_api_addresses_are_404_problems_and_writes_are_405_problems()
    {
        using var site = new NashirFactory();
        var client = await site.CreateApiClientAsync();

        await client.GetProblemAsync("/api/v1/posts", HttpStatusCode.NotFound);
        using var post = await client.PostAsync("/api/v1/articles", new StringContent("{}"));
        await ApiSteps.AssertProblemAsync(post, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Categories_tags_and_authors_are_listed_with_their_public_article_counts()
    {
        using var site = new NashirFactory();
        await SeedAsync(site);
        var client = await site.CreateApiClientAsync();

        var categories = await client.GetJsonAsync("/api/v1/categories");
        var counts = categories.GetProperty("categories").EnumerateArray()
            .ToDictionary(c => c.GetProperty("slug").GetString()!, c => c.GetProperty("articleCount").GetInt32());
        Assert.Equal(25, counts["سياسة"]);
        Assert.Equal(3, counts["رياضة"]);
        var tags = await client.GetJsonAsync("/api/v1/tags");
        Assert.Equal("كأس العالم", tags.GetProperty("tags")[0].GetProperty("name").GetString());
        Assert.Equal(3, tags.GetProperty("tags")[0].GetProperty("articleCount").GetInt32());
        var authors = await client.GetJsonAsync("/api/v1/authors?pageSize=1");
        Assert.Equal("أحمد-علي", authors.GetProperty("authors")[0].GetProperty("slug").GetString());
        Assert.Equal(1, authors.GetProperty("meta").GetProperty("total").GetInt32());
        await client.GetProblemAsync("/api/v1/tags?page=x", HttpStatusCode.BadRequest);
    }
}
