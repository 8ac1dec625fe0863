using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;

namespace Nashir.Tests.Search;

/// <summary>The JSON search and suggest endpoints: query syntax, ranking rules, hostile input, and taxonomy changes.</summary>
public sealed class SearchApiTests
{
    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Q(string text) => "/api/search?q=" + Uri.EscapeDataString(text);

    private static List<string> Headlines(JsonElement json) =>
        json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("headline").GetString()!).ToList();

    [Fact]
    public async Task Phrases_need_the_words_in_order_and_exclusions_remove_articles()
    {
        using var site = new NashirFactory();
        await site.PublishAsync("وزير الخارجية يصل إلى القاهرة");
        await site.PublishAsync("القاهرة تستقبل وزير الدفاع والخارجية");
        await site.SearchCaughtUpAsync();
        var reader = site.CreateReader();

        Assert.Equal(2, Headlines(await GetJsonAsync(reader, Q("وزير القاهرة"))).Count);
        Assert.Equal(["وزير الخارجية يصل إلى القاهرة"], Headlines(await GetJsonAsync(reader, Q("\"وزير الخارجية\""))));
        Assert.Equal(["وزير الخارجية يصل إلى القاهرة"], Headlines(await GetJsonAsync(reader, Q("«وزير الخارجيه»"))));
        Assert.Equal(["القاهرة تستقبل وزير الدفاع والخارجية"], Headlines(await GetJsonAsync(reader, Q("القاهره -يصل"))));
        Assert.Equal(["القاهرة تستقبل وزير الدفاع والخارجية"], Headlines(await GetJsonAsync(reader, Q("القاهرة -\"وزير الخارجية\""))));
    }

    [Fact]
    public async Task Headline_matches_rank_above_body_matches_and_marks_are_on_the_original_spelling()
    {
        using var site = new NashirFactory();
        await site.PublishAsync("أخبار متفرقة من المحافظات", body: "<p>وفي خبر آخر، افتُتح مستشفى جديد.</p>");
        await site.PublishAsync("افتتاح مستشفى الأطفال", body: "<p>نص الخبر.</p>");
        await site.SearchCaughtUpAsync();

        var json = await GetJsonAsync(site.CreateReader(), Q("مستشفي"));
        Assert.Equal(["افتتاح مستشفى الأطفال", "أخبار متفرقة من المحافظات"], Headlines(json));
        var second = json.GetProperty("results")[1];
        Assert.Contains("<mark>مستشفى</mark>", second.GetProperty("snippetHtml").GetString(), StringComparison.Ordinal);
        Assert.Contains("<mark>مستشفى</mark>", json.GetProperty("results")[0].GetProperty("headlineHtml").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Newer_articles_win_a_tie_and_date_order_is_available()
    {
        using var site = new NashirFactory();
        var now = site.Clock.GetUtcNow().UtcDateTime;
        await site.PublishAsync("أمطار غزيرة في الساحل", publishedAt: now.AddDays(-400));
        await site.PublishAsync("أمطار غزيرة في الجبال", publishedAt: now.AddDays(-1));
        await site.SearchCaughtUpAsync();
        var reader = site.CreateReader();

        Assert.Equal("أمطار غزيرة في الجبال", Headlines(await GetJsonAsync(reader, Q("أمطار غزيرة")))[0]);
        Assert.Equal("أمطار غزيرة في الجبال", Headlines(await GetJsonAsync(reader, Q("أمطار") + "&sort=newest"))[0]);
    }

    public static TheoryData<string> HostileQueries => new()
    {
        "\"",
        "\"غير مغلق",
        "«",
        "-",
        "--",
        "- - -",
        "*",
        "?",
        "title:خبر AND (x OR",
        "خبر~0.5^3 [1 TO 9] {a TO b}",
        "\\",
        "\"\"\"\"",
        "في من على إلى عن",
        "😀😀 🇾🇪",
        "\u0000خبر",
        "\u200F\u202E\u2066",
        "ـــــ ً ٌ ٍ",
        "ﻻ ﷺ",
        "a" + new string('b', 299),
        "-خبر",
        "-\"خبر\"",
        string.Join(' ', Enumerable.Repeat("خبر", 100)),
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task Hostile_queries_get_results_or_a_clear_message(string query)
    {
        using var site = new NashirFactory();
        await site.PublishAsync("خبر للبحث");
        await site.SearchCaughtUpAsync();

        using var response = await site.CreateReader().GetAsync(Q(query));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        if (response.StatusCode == HttpStatusCode.BadRequest)
            Assert.Matches("[\u0600-\u06FF]", json.RootElement.GetProperty("detail").GetString());
        else if (json.RootElement.GetProperty("total").GetInt32() == 0)
            Assert.Matches("[\u0600-\u06FF]", json.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(301)]
    public async Task Overlong_queries_are_a_400_problem_in_arabic(int length)
    {
        using var site = new NashirFactory();
        var json = await GetJsonAsync(site.CreateReader(), Q(new string('خ', length)), HttpStatusCode.BadRequest);
        Assert.Equal(400, json.GetProperty("status").GetInt32());
        Assert.Contains("طويل", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=abc")]
    [InlineData("page=999999999999")]
    [InlineData("page=200")]
    [InlineData("pageSize=500")]
    [InlineData("sort=random")]
    [InlineData("from=2024-13-45")]
    [InlineData("from=2024-10-05&to=2024-10-01")]
    public async Task Bad_parameters_are_a_400_problem_in_arabic(string parameters)
    {
        using var site = new NashirFactory();
        var json = await GetJsonAsync(site.CreateReader(), "/api/search?q=%D8%AE%D8%A8%D8%B1&" + parameters, HttpStatusCode.BadRequest);
        Assert.Matches("[\u0600-\u06FF]", json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Arabic_indic_digits_in_dates_and_pages_are_understood()
    {
        using var site = new NashirFactory();
        await site.PublishAsync("خبر اليوم");
        await site.SearchCaughtUpAsync();
        var json = await GetJsonAsync(site.CreateReader(), Q("خبر") + "&from=" + Uri.EscapeDataString("٢٠٢٤-١٠-٠١") + "&page=" + Uri.EscapeDataString("١"));
        Assert.Equal(1, json.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Suggestions_complete_the_last_word_in_any_spelling_and_drop_unpublished_articles()
    {
        using var site = new NashirFactory();
        var attack = await site.PublishAsync("الهجوم الإرهابي على الميناء");
        await site.PublishAsync("اجتماع وزراء الاقتصاد");
        await site.SearchCaughtUpAsync();
        var reader = site.CreateReader();

        var suggestions = await GetJsonAsync(reader, "/api/search/suggest?q=" + Uri.EscapeDataString("الهجوم الارها"));
        var only = Assert.Single(suggestions.EnumerateArray());
        Assert.Equal("الهجوم الإرهابي على الميناء", only.GetProperty("headline").GetString());
        Assert.Equal(NashirFactory.ArticlePath(attack.Slug), only.GetProperty("url").GetString());
        Assert.Empty((await GetJsonAsync(reader, "/api/search/suggest?q=" + Uri.EscapeDataString("ا"))).EnumerateArray());
        Assert.Empty((await GetJsonAsync(reader, "/api/search/suggest?q=" + Uri.EscapeDataString(new string('ا', 500)))).EnumerateArray());

        await site.WithDbAsync(async db =>
        {
            var article = await db.Articles.SingleAsync(a => a.Id == attack.Id);
            article.Status = ArticleStatus.Unpublished;
            await db.SaveChangesAsync();
        });
        await site.SearchCaughtUpAsync();
        Assert.Empty((await GetJsonAsync(reader, "/api/search/suggest?q=" + Uri.EscapeDataString("الهجوم"))).EnumerateArray());
    }

    [Fact]
    public async Task Renaming_a_tag_or_category_reindexes_the_articles_that_carry_it()
    {
        using var site = new NashirFactory();
        var category = await site.CreateCategoryAsync("منوعات");
        await site.PublishAsync("مهرجان الربيع", categoryId: category.Id, configure: a => a.Tags = [new Tag { Name = "فنون", Slug = "فنون" }]);
        await site.SearchCaughtUpAsync();
        var reader = site.CreateReader();
        Assert.Single(Headlines(await GetJsonAsync(reader, Q("فنون"))));

        await site.WithDbAsync(async db =>
        {
            (await db.Tags.SingleAsync()).Name = "موسيقى";
            (await db.Categories.SingleAsync()).Name = "ثقافة وفن";
            await db.SaveChangesAsync();
        });
        await site.SearchCaughtUpAsync();
        Assert.Empty(Headlines(await GetJsonAsync(reader, Q("فنون"))));
        Assert.Single(Headlines(await GetJsonAsync(reader, Q("موسيقي"))));
        Assert.Single(Headlines(await GetJsonAsync(reader, Q("ثقافه"))));
        Assert.Single(Headlines(await GetJsonAsync(reader, Q("مهرجان") + "&tag=" + Uri.EscapeDataString("فنون"))));
    }
}
