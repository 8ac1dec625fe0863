using System.Net;
using System.Text.Json;
using Nashir.Articles;

namespace Nashir.Tests.ContentApi;

/// <summary>The API as HTTP: ETags, CORS, the OpenAPI document, and search through the API.</summary>
public sealed class ApiHttpTests
{
    [Fact]
    public async Task A_matching_etag_gets_a_304_and_a_change_gets_a_new_etag()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر أول");
        var client = await site.CreateApiClientAsync();

        using var first = await client.GetAsync("/api/v1/articles");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles"))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag.Tag);
            using var again = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Equal(etag, again.Headers.ETag);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        }

        await site.WithDbAsync(async db =>
        {
            var a = await db.Articles.FindAsync(article.Id);
            a!.Headline = "خبر أول بعد التعديل";
            await db.SaveChangesAsync();
        });
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles"))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", "W/" + etag.Tag);
            using var changed = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.NotEqual(etag, changed.Headers.ETag);
        }

        // Every GET carries one, the single article and the lists alike.
        using var one = await client.GetAsync("/api/v1/articles/" + Uri.EscapeDataString(article.Slug));
        Assert.NotNull(one.Headers.ETag);
        using var tags = await client.GetAsync("/api/v1/tags");
        Assert.NotNull(tags.Headers.ETag);
    }

    [Fact]
    public async Task Cors_headers_go_to_the_allowed_origin_only_and_only_on_the_api()
    {
        using var site = new NashirFactory().With("Nashir:ContentApi:CorsOrigins:0", "https://app.example");
        await site.PublishAsync("خبر");
        var client = await site.CreateApiClientAsync();

        using (var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/articles"))
        {
            preflight.Headers.Add("Origin", "https://app.example");
            preflight.Headers.Add("Access-Control-Request-Method", "GET");
            preflight.Headers.Add("Access-Control-Request-Headers", "x-api-key");
            using var response = await site.CreateReader().SendAsync(preflight);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal("https://app.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("x-api-key", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        }
        using (var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/articles"))
        {
            preflight.Headers.Add("Origin", "https://evil.example");
            preflight.Headers.Add("Access-Control-Request-Method", "GET");
            using var response = await site.CreateReader().SendAsync(preflight);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }

        async Task<HttpResponseMessage> GetFromAsync(string path, string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Origin", origin);
            return await client.SendAsync(request);
        }
        using (var allowed = await GetFromAsync("/api/v1/articles", "https://app.example"))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal("https://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("ETag", allowed.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Origin", allowed.Headers.Vary);
        }
        using (var other = await GetFromAsync("/api/v1/articles", "https://evil.example"))
            Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        using (var site_ = await GetFromAsync("/", "https://app.example"))
            Assert.False(site_.Headers.Contains("Access-Control-Allow-Origin"));
        using (var search = await GetFromAsync("/api/search?q=" + Uri.EscapeDataString("خبر"), "https://app.example"))
            Assert.False(search.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Without_configured_origins_no_cors_headers_are_sent()
    {
        using var site = new NashirFactory();
        var client = await site.CreateApiClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles");
        request.Headers.Add("Origin", "https://app.example");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_openapi_document_is_public_json_listing_the_api_paths_and_the_key_scheme()
    {
        using var site = new NashirFactory();

        var doc = await site.CreateReader().GetJsonAsync("/openapi/v1.json");

        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equivalent(new[]
        {
            "/api/v1/articles", "/api/v1/articles/{slug}", "/api/v1/categories", "/api/v1/tags", "/api/v1/authors", "/api/v1/search",
        }, paths, strict: true);
        var list = doc.GetProperty("paths").GetProperty("/api/v1/articles").GetProperty("get");
        var parameters = list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equivalent(new[] { "category", "tag", "author", "since", "page", "pageSize", "fields" }, parameters, strict: true);
        Assert.True(list.GetProperty("responses").TryGetProperty("401", out _));
        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKeyHeader");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Equal(2, doc.GetProperty("security").GetArrayLength());
    }

    [Fact]
    public async Task Search_through_the_api_returns_full_articles_and_the_reader_search_json_still_answers()
    {
        using var site = new NashirFactory();
        await site.PublishAsync("افتتاح مستشفى الأطفال في صنعاء", configure: a => a.Category = new Category { Name = "صحة", Slug = "صحة" });
        await site.PublishAsync("أمطار غزيرة على الساحل");
        await site.SearchCaughtUpAsync();
        var client = await site.CreateApiClientAsync();

        var json = await client.GetJsonAsync("/api/v1/search?q=" + Uri.EscapeDataString("مستشفي"));
        var hit = Assert.Single(json.GetProperty("results").EnumerateArray());
        Assert.Equal("افتتاح مستشفى الأطفال في صنعاء", hit.GetProperty("article").GetProperty("headline").GetString());
        Assert.Equal("صحة", hit.GetProperty("article").GetProperty("category").GetProperty("slug").GetString());
        Assert.Contains("<mark>", hit.GetProperty("headlineHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, json.GetProperty("meta").GetProperty("total").GetInt32());

        var slim = await client.GetJsonAsync("/api/v1/search?q=" + Uri.EscapeDataString("أمطار") + "&fields=slug");
        Assert.Equal(["slug"], slim.GetProperty("results")[0].GetProperty("article").EnumerateObject().Select(p => p.Name).ToList());

        await client.GetProblemAsync("/api/v1/search", HttpStatusCode.BadRequest);
        await client.GetProblemAsync("/api/v1/search?q=x&category=nothing", HttpStatusCode.BadRequest);
        await client.GetProblemAsync("/api/v1/search?q=" + new string('خ', 400), HttpStatusCode.BadRequest);
        await client.GetProblemAsync("/api/v1/search?q=a&pageSize=500", HttpStatusCode.BadRequest);
        await site.CreateReader().GetProblemAsync("/api/v1/search?q=x", HttpStatusCode.Unauthorized);

        // The reader site's own search JSON is untouched by the content API and its OpenAPI document.
        var reader = await site.CreateReader().GetJsonAsync("/api/search?q=" + Uri.EscapeDataString("مستشفى"));
        Assert.Equal(1, reader.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Array, (await site.CreateReader().GetJsonAsync("/api/search/suggest?q=" + Uri.EscapeDataString("أمط"))).ValueKind);
    }
}
