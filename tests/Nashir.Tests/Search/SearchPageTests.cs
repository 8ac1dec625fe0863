using System.Net;
using AngleSharp.Dom;
using Microsoft.AspNetCore.WebUtilities;
using Nashir.Articles;

namespace Nashir.Tests.Search;

/// <summary>The reader's search page, through HTTP: results, highlights, paging, filters, the empty state and bad addresses.</summary>
public sealed class SearchPageTests
{
    private static string SearchPath(string query, string? more = null) =>
        "/search?q=" + Uri.EscapeDataString(query) + (more is null ? "" : "&" + more);

    private static async Task<IDocument> SearchAsync(NashirFactory site, string query, string? more = null) =>
        await site.CreateReader().GetDocumentAsync(SearchPath(query, more));

    private static List<string> Headlines(IDocument page) =>
        page.QuerySelectorAll(".search-hit-title a").Select(a => a.Text()).ToList();

    /// <summary>The path and decoded query string of a link, so tests do not depend on how the page percent-encodes Arabic.</summary>
    private static (string Path, Dictionary<string, string> Query) Link(string? href)
    {
        Assert.NotNull(href);
        var uri = new Uri(new Uri("http://nashir.test"), href);
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        return (uri.AbsolutePath, query);
    }

    [Fact]
    public async Task Results_list_a_published_article_found_by_a_variant_spelling()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync(
            "إطلاق مبادرة جديدة لدعم المزارعين في تهامة",
            body: "<p>أعلنت وزارة الزراعة إطلاق مبادرة لتوفير البذور والأسمدة لصغار المزارعين قبل موسم الأمطار.</p>");
        await site.PublishAsync("افتتاح معرض الكتاب السنوي في العاصمة");
        await site.SearchCaughtUpAsync();

        // No hamza on the alef, ه for ة: how readers type.
        var page = await SearchAsync(site, "اطلاق مبادره");

        var hit = Assert.Single(page.QuerySelectorAll(".search-hit"));
        var link = hit.QuerySelector(".search-hit-title a")!;
        Assert.Equal(NashirFactory.ArticlePath(article.Slug), link.GetAttribute("href"));
        Assert.Equal(article.Headline, link.Text());
        Assert.Equal("يطابق بحثك مقال واحد.", page.QuerySelector(".search-count")!.Text());
        Assert.NotNull(hit.QuerySelector("time[datetime]"));
    }

    [Fact]
    public async Task Matches_are_marked_in_the_headline_and_the_snippet()
    {
        using var site = new NashirFactory();
        await site.PublishAsync(
            "إطلاق مبادرة جديدة لدعم المزارعين",
            body: "<p>قالت الوزارة إن المبادرة تشمل ألف مزارع في المرحلة الأولى، وإن التسجيل يبدأ الأسبوع المقبل.</p>");
        await site.SearchCaughtUpAsync();

        var page = await SearchAsync(site, "المبادرة");

        var hit = Assert.Single(page.QuerySelectorAll(".search-hit"));
        Assert.NotEmpty(hit.QuerySelectorAll(".search-hit-title mark"));
        Assert.NotEmpty(hit.QuerySelectorAll(".search-hit-snippet mark"));
        Assert.All(hit.QuerySelectorAll("mark"), m => Assert.Contains("مبادر", m.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Markup_in_a_headline_is_shown_as_text_not_run()
    {
        using var site = new NashirFactory();
        const string headline = "عنوان فيه <b>وسم</b> و<script>alert(1)</script> ورمز &";
        await site.PublishAsync(headline);
        await site.SearchCaughtUpAsync();

        var page = await SearchAsync(site, "عنوان");

        var title = Assert.Single(page.QuerySelectorAll(".search-hit-title a"));
        Assert.Equal(headline, title.Text());
        Assert.Empty(title.QuerySelectorAll("b, script"));
        Assert.Empty(page.QuerySelectorAll("main script"));
    }

    [Fact]
    public async Task Results_are_paged_ten_at_a_time_with_rel_links()
    {
        using var site = new NashirFactory();
        var start = new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 1; i <= 25; i++)
            await site.PublishAsync($"نشرة الطقس رقم {i}", start.AddHours(i));
        await site.SearchCaughtUpAsync();

        var first = await SearchAsync(site, "الطقس");
        Assert.Equal(10, first.QuerySelectorAll(".search-hit").Length);
        Assert.Equal("يطابق بحثك 25 مقالاً.", first.QuerySelector(".search-count")!.Text());
        Assert.Null(first.QuerySelector("link[rel=prev]"));
        var next = Link(first.QuerySelector("link[rel=next]")!.GetAttribute("href"));
        Assert.Equal("/search", next.Path);
        Assert.Equal(new Dictionary<string, string> { ["q"] = "الطقس", ["page"] = "2" }, next.Query);
        Assert.Equal(first.QuerySelector("link[rel=next]")!.GetAttribute("href"), first.QuerySelector(".pagination a[rel=next]")!.GetAttribute("href"));

        var second = await SearchAsync(site, "الطقس", "page=2");
        // One address per page: page 1 has no page parameter.
        Assert.Equal(new Dictionary<string, string> { ["q"] = "الطقس" }, Link(second.QuerySelector("link[rel=prev]")!.GetAttribute("href")).Query);
        Assert.Empty(Headlines(first).Intersect(Headlines(second)));

        var last = await SearchAsync(site, "الطقس", "page=3");
        Assert.Equal(5, last.QuerySelectorAll(".search-hit").Length);
        Assert.Equal("2", Link(last.QuerySelector(".pagination a[rel=prev]")!.GetAttribute("href")).Query["page"]);
        Assert.Null(last.QuerySelector("link[rel=next]"));
        Assert.Contains("صفحة 3 من 3", last.QuerySelector(".pagination")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_links_keep_the_filters_and_the_order()
    {
        using var site = new NashirFactory();
        var sport = await site.CreateCategoryAsync("رياضة");
        var start = new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 1; i <= 12; i++)
            await site.PublishAsync($"نتيجة مباراة الدوري رقم {i}", start.AddDays(i), sport.Id);
        await site.SearchCaughtUpAsync();

        var page = await SearchAsync(site, "مباراة", $"category={Uri.EscapeDataString(sport.Slug)}&from=2024-09-01&sort=newest");

        var next = Link(page.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Equal("مباراة", next.Query["q"]);
        Assert.Equal(sport.Slug, next.Query["category"]);
        Assert.Equal("2024-09-01", next.Query["from"]);
        Assert.Equal("newest", next.Query["sort"]);
        Assert.Equal("2", next.Query["page"]);
    }

    [Fact]
    public async Task A_page_past_the_last_is_a_404_that_leads_back_to_the_first()
    {
        using var site = new NashirFactory();
        await site.PublishAsync("خبر وحيد عن السدود");
        await site.SearchCaughtUpAsync();

        using var response = await site.CreateReader().GetAsync(SearchPath("السدود", "page=3"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(page.QuerySelectorAll(".search-hit"));
        Assert.Equal(new Dictionary<string, string> { ["q"] = "السدود" }, Link(page.QuerySelector(".search-empty a")!.GetAttribute("href")).Query);
    }

    [Fact]
    public async Task Nothing_found_shows_the_message_tips_and_the_latest_articles()
    {
        using var site = new NashirFactory();
        var latest = await site.PublishAsync("افتتاح مكتبة عامة في الحديدة");
        await site.SearchCaughtUpAsync();

        using var response = await site.CreateReader().GetAsync(SearchPath("زلزال بركاني"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(page.QuerySelectorAll(".search-hit"));
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector(".search-empty-title")?.Text()));
        var tips = page.QuerySelectorAll(".search-tips li").Select(li => li.Text()).ToList();
        Assert.Contains(tips, t => t.Contains("كتابة الكلمات", StringComparison.Ordinal));
        Assert.Contains(tips, t => t.Contains("كلمات أقل", StringComparison.Ordinal));
        Assert.Equal([latest.Headline], page.QuerySelectorAll(".search-latest .card-title a").Select(a => a.Text()).ToList());
    }

    [Fact]
    public async Task Nothing_found_with_filters_offers_the_search_without_them()
    {
        using var site = new NashirFactory();
        var culture = await site.CreateCategoryAsync("ثقافة");
        await site.CreateCategoryAsync("اقتصاد");
        await site.PublishAsync("مهرجان الشعر الشعبي في عدن", categoryId: culture.Id);
        await site.SearchCaughtUpAsync();

        var page = await SearchAsync(site, "الشعر", "category=" + Uri.EscapeDataString("اقتصاد"));

        Assert.Empty(page.QuerySelectorAll(".search-hit"));
        var unfiltered = Link(page.QuerySelector(".search-tips a")!.GetAttribute("href"));
        Assert.Equal(new Dictionary<string, string> { ["q"] = "الشعر" }, unfiltered.Query);
        var retry = await site.CreateReader().GetDocumentAsync(page.QuerySelector(".search-tips a")!.GetAttribute("href")!);
        Assert.Single(retry.QuerySelectorAll(".search-hit"));
    }

    [Fact]
    public async Task No_words_is_just_the_form()
    {
        using var site = new NashirFactory();
        await site.CreateCategoryAsync("محليات");
        await site.PublishAsync("خبر منشور");

        foreach (var path in new[] { "/search", "/search?q=", "/search?q=++&category=&from=&to=&sort=relevance" })
        {
            using var response = await site.CreateReader().GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = Html.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("البحث", page.QuerySelector("h1")!.Text());
            Assert.NotNull(page.QuerySelector("main form.search-form input[name=q]"));
            Assert.Equal(["كل الأقسام", "محليات"], page.QuerySelectorAll("main select[name=category] option").Select(o => o.Text()).ToList());
            Assert.Empty(page.QuerySelectorAll(".search-hit, .search-empty, .search-error, .search-count"));
        }
    }

    [Fact]
    public async Task Search_pages_ask_search_engines_not_to_index_them_and_name_the_query()
    {
        using var site = new NashirFactory();
        await site.PublishAsync("جلسة البرلمان الطارئة");
        await site.SearchCaughtUpAsync();
        var reader = site.CreateReader();

        var form = await reader.GetDocumentAsync("/search");
        var results = await reader.GetDocumentAsync(SearchPath("البرلمان"));
        var nothing = await reader.GetDocumentAsync(SearchPath("كسوف"));
        var home = await reader.GetDocumentAsync("/");

        foreach (var page in new[] { form, results, nothing })
            Assert.Equal("noindex", page.QuerySelector("meta[name=robots]")?.GetAttribute("content"));
        Assert.Null(home.QuerySelector("meta[name=robots]"));
        Assert.Contains("«البرلمان»", results.Title, StringComparison.Ordinal);
        Assert.Contains("«البرلمان»", results.QuerySelector("h1")!.Text(), StringComparison.Ordinal);
        Assert.Equal("البرلمان", results.QuerySelector("#search-q")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("q=خبر&page=abc")]
    [InlineData("q=خبر&page=-1")]
    [InlineData("q=خبر&page=0")]
    [InlineData("q=خبر&page=1.5")]
    [InlineData("q=خبر&page=99999999999999999999")]
    [InlineData("q=خبر&page=2&page=3")]
    [InlineData("q=خبر&from=garbage")]
    [InlineData("q=خبر&to=2024-13-45")]
    [InlineData("q=خبر&from=2024-02-30")]
    [InlineData("q=خبر&from=01/10/2024")]
    [InlineData("q=خبر&sort=xyz")]
    [InlineData("q=خبر&category=لا-يوجد")]
    [InlineData("q=خبر&tag=لا-يوجد")]
    [InlineData("q=خبر&author=لا-يوجد")]
    [InlineData("q=خبر&from=2024-10-05&to=2024-10-01")]
    [InlineData("q=خبر&page=500")]
    public async Task Bad_parameters_are_a_400_in_arabic_with_the_form_kept(string query)
    {
        using var site = new NashirFactory();
        await site.PublishAsync("خبر للبحث");
        await site.SearchCaughtUpAsync();

        using var response = await site.CreateReader().GetAsync("/search?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        var error = page.QuerySelector(".search-error")?.Text();
        Assert.False(string.IsNullOrWhiteSpace(error), "No error message on the page.");
        Assert.Matches(@"\p{IsArabic}", error);
        Assert.NotNull(page.QuerySelector("main form.search-form input[name=q]"));
        Assert.Empty(page.QuerySelectorAll(".search-hit"));
    }

    [Fact]
    public async Task A_ten_kilobyte_query_is_a_400_in_arabic()
    {
        using var site = new NashirFactory();
        await site.SearchCaughtUpAsync();

        using var response = await site.CreateReader().GetAsync(SearchPath(string.Concat(Enumerable.Repeat("خبر ", 2500))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.Matches(@"\p{IsArabic}", page.QuerySelector(".search-error")!.Text());
        Assert.True(page.QuerySelector("#search-q")!.GetAttribute("value")!.Length <= Nashir.Search.SearchLimits.MaxQueryLength);
    }

    [Theory]
    [InlineData("\"خبر")]
    [InlineData("title:(خبر OR")]
    [InlineData("خبر* ?~ ^2 [a TO b] {} \\ / !")]
    [InlineData("في من على")]
    [InlineData("-خبر")]
    [InlineData("😀🇾🇪")]
    [InlineData("\u202Eخبر\u200F")]
    public async Task Hostile_queries_get_a_page_not_an_error(string query)
    {
        using var site = new NashirFactory();
        await site.PublishAsync("خبر للبحث");
        await site.SearchCaughtUpAsync();

        using var response = await site.CreateReader().GetAsync(SearchPath(query));

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"Answered {(int)response.StatusCode}");
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotNull(page.QuerySelector("main form.search-form"));
    }

    [Fact]
    public async Task Category_date_and_tag_filters_narrow_the_results()
    {
        using var site = new NashirFactory();
        var economy = await site.CreateCategoryAsync("اقتصاد");
        var sport = await site.CreateCategoryAsync("رياضة");
        var gold = await site.PublishAsync("ارتفاع أسعار الذهب في الأسواق", new DateTime(2024, 9, 1, 8, 0, 0, DateTimeKind.Utc), economy.Id);
        var medal = await site.PublishAsync("الذهب الأولمبي لبطل الملاكمة", new DateTime(2024, 9, 20, 8, 0, 0, DateTimeKind.Utc), sport.Id,
            configure: a => a.Tags.Add(new Tag { Name = "الألعاب الأولمبية", Slug = "الألعاب-الأولمبية" }));
        await site.SearchCaughtUpAsync();

        Assert.Equal(2, (await SearchAsync(site, "الذهب")).QuerySelectorAll(".search-hit").Length);

        var byCategory = await SearchAsync(site, "الذهب", "category=" + Uri.EscapeDataString(economy.Slug));
        Assert.Equal([gold.Headline], Headlines(byCategory));
        Assert.Equal(economy.Slug, byCategory.QuerySelector("#search-category option[selected]")!.GetAttribute("value"));

        var byDate = await SearchAsync(site, "الذهب", "from=2024-09-10&to=2024-09-30");
        Assert.Equal([medal.Headline], Headlines(byDate));
        Assert.Equal("2024-09-10", byDate.QuerySelector("#search-from")!.GetAttribute("value"));
        Assert.Equal("2024-09-30", byDate.QuerySelector("#search-to")!.GetAttribute("value"));

        var byTag = await SearchAsync(site, "الذهب", "tag=" + Uri.EscapeDataString("الألعاب-الأولمبية"));
        Assert.Equal([medal.Headline], Headlines(byTag));
        Assert.Contains("الألعاب الأولمبية", byTag.QuerySelector(".search-filters")!.Text(), StringComparison.Ordinal);
        // The form keeps the tag for the next search; the chip's link drops it.
        Assert.Equal("الألعاب-الأولمبية", byTag.QuerySelector("form.search-form input[name=tag]")!.GetAttribute("value"));
        Assert.False(Link(byTag.QuerySelector(".search-filters a")!.GetAttribute("href")).Query.ContainsKey("tag"));
    }

    [Fact]
    public async Task Newest_order_puts_the_latest_article_first()
    {
        using var site = new NashirFactory();
        var old = await site.PublishAsync("القمح القمح القمح: تقرير عن موسم القمح", new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc),
            body: "<p>القمح والقمح والقمح في كل سطر من هذا التقرير عن القمح.</p>");
        var middle = await site.PublishAsync("وصول شحنة من القمح", new DateTime(2024, 8, 1, 0, 0, 0, DateTimeKind.Utc));
        var recent = await site.PublishAsync("أسعار القمح هذا الأسبوع", new DateTime(2024, 9, 1, 0, 0, 0, DateTimeKind.Utc));
        await site.SearchCaughtUpAsync();

        var page = await SearchAsync(site, "القمح", "sort=newest");

        Assert.Equal([recent.Headline, middle.Headline, old.Headline], Headlines(page));
        Assert.Equal("newest", page.QuerySelector("#search-sort option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Results_with_only_some_of_the_words_say_so()
    {
        using var site = new NashirFactory();
        await site.PublishAsync("وصول شحنة القمح إلى ميناء الحديدة");
        await site.SearchCaughtUpAsync();

        var page = await SearchAsync(site, "القمح المريخ");

        Assert.Single(page.QuerySelectorAll(".search-hit"));
        Assert.Equal("لا توجد نتائج تحوي كل الكلمات، وهذه نتائج تحوي بعضها.", page.QuerySelector(".search-relaxed")!.Text());
    }

    [Fact]
    public async Task Every_reader_page_has_a_labelled_search_box_in_the_header()
    {
        using var site = new NashirFactory(demoContent: true);
        var reader = site.CreateReader();

        foreach (var path in new[] { "/", NashirFactory.ListingPath("category", "محليات"), "/search" })
        {
            var page = await reader.GetDocumentAsync(path);
            var form = page.QuerySelector("header.site-header form[role=search]");
            Assert.NotNull(form);
            Assert.Equal("/search", form.GetAttribute("action"));
            Assert.Equal("get", form.GetAttribute("method"));
            var input = form.QuerySelector("input[name=q]")!;
            Assert.Equal("search", input.GetAttribute("type"));
            Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector($"label[for='{input.Id}']")?.Text()));
            Assert.NotNull(form.QuerySelector("button[type=submit]"));
            Assert.NotNull(page.QuerySelector("head script[src^='/js/search.js'][defer]"));
        }
    }
}
