using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Comments;

namespace Nashir.Tests.Site;

/// <summary>
/// The output cache as readers meet it: a change shows at once wherever it belongs, and nowhere else is re-rendered.
/// A served-from-cache answer carries <c>Age</c>; a change written past the change tracker (ExecuteUpdate) evicts
/// nothing, so a page still showing the old text proves its entry was not re-rendered.
/// </summary>
public sealed class OutputCacheTests
{
    private static async Task<string> TextAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<bool> FromCacheAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.Age is not null;
    }

    private static async Task<(NashirFactory Site, Category Category, Article First)> SiteWithOneAsync(bool cacheOn = true)
    {
        // The API without keys here (ApiKeyTests cover a revoked key's cached answers).
        var site = new NashirFactory().With("Nashir:OutputCache:Enabled", cacheOn ? "true" : "false").With("Nashir:ContentApi:RequireKey", "false");
        var category = await site.CreateCategoryAsync("اقتصاد");
        var first = await site.PublishAsync("خبر الاقتصاد الأول", categoryId: category.Id, publishedAt: site.Clock.GetUtcNow().UtcDateTime.AddMinutes(-30));
        return (site, category, first);
    }

    private static string[] Fronts(Category category) => ["/", NashirFactory.ListingPath("category", category.Slug), "/feed"];

    [Fact]
    public async Task A_publication_is_on_home_its_category_and_the_feed_at_once()
    {
        var (site, category, _) = await SiteWithOneAsync();
        using var _s = site;
        var reader = site.CreateReader();
        foreach (var path in Fronts(category))
        {
            await TextAsync(reader, path);
            Assert.True(await FromCacheAsync(reader, path), path + " is served from the cache");
        }

        await site.PublishAsync("خبر الاقتصاد الجديد", categoryId: category.Id);

        foreach (var path in Fronts(category))
            Assert.Contains("خبر الاقتصاد الجديد", await TextAsync(reader, path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_shows_its_new_text_everywhere_and_an_unpublish_takes_it_off_everywhere()
    {
        var (site, category, first) = await SiteWithOneAsync();
        using var _s = site;
        var reader = site.CreateReader();
        var article = NashirFactory.ArticlePath(first.Slug);
        string[] everywhere = [.. Fronts(category), article];
        foreach (var path in everywhere)
            await TextAsync(reader, path);

        await site.WithDbAsync(async db =>
        {
            var a = await db.Articles.SingleAsync(x => x.Id == first.Id);
            a.Headline = "عنوان مصحح للخبر";
            await db.SaveChangesAsync();
        });
        foreach (var path in everywhere)
            Assert.Contains("عنوان مصحح للخبر", await TextAsync(reader, path), StringComparison.Ordinal);

        await site.WithDbAsync(async db =>
        {
            var a = await db.Articles.SingleAsync(x => x.Id == first.Id);
            a.Status = ArticleStatus.Unpublished;
            await db.SaveChangesAsync();
        });
        using (var gone = await reader.GetAsync(article))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        foreach (var path in Fronts(category))
            Assert.DoesNotContain("عنوان مصحح للخبر", await TextAsync(reader, path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_a_comment_shows_it_on_its_article_and_leaves_other_entries_untouched()
    {
        var (site, category, first) = await SiteWithOneAsync();
        using var _s = site;
        var other = await site.PublishAsync("خبر آخر لا تعليق عليه", categoryId: category.Id);
        var commentId = await site.WithDbAsync(async db =>
        {
            var c = new Comment { ArticleId = first.Id, Name = "قارئ", Text = "رأي ينتظر المراجعة", CreatedAt = site.Clock.GetUtcNow().UtcDateTime };
            db.Comments.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
        var reader = site.CreateReader();
        string[] untouched = [NashirFactory.ArticlePath(other.Slug), .. Fronts(category)];
        foreach (var path in untouched.Append(NashirFactory.ArticlePath(first.Slug)))
            await TextAsync(reader, path);
        // Past the change tracker: evicts nothing, so only a re-render would show it.
        await site.WithDbAsync(db => db.Articles.Where(a => a.Id == other.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Headline, "عنوان لم يُعرض")));

        var moderator = await site.SignInAsync(Roles.Moderator);
        var queue = await moderator.GetDocumentAsync("/newsroom/comments");
        using (var r = await moderator.SubmitFormAsync(queue.QuerySelector("#bulk-form")!, "/newsroom/comments", ("ids", commentId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("decision", "approve")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);

        var page = await reader.GetDocumentAsync(NashirFactory.ArticlePath(first.Slug));
        Assert.Equal(["رأي ينتظر المراجعة"], page.QuerySelectorAll(".comment-text").Select(t => t.Text()));
        foreach (var path in untouched)
        {
            Assert.True(await FromCacheAsync(reader, path), path + " is still the cached entry");
            Assert.DoesNotContain("عنوان لم يُعرض", await TextAsync(reader, path), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Editors_never_get_a_cached_page_and_their_pages_are_never_stored()
    {
        var (site, category, first) = await SiteWithOneAsync();
        using var _s = site;
        var editor = await site.SignInAsync(Roles.Editor);
        var reader = site.CreateReader();
        var article = NashirFactory.ArticlePath(first.Slug);

        // The editor asks first: what they get is not kept for the reader.
        foreach (var path in Fronts(category).Append(article))
        {
            await TextAsync(editor, path);
            Assert.False(await FromCacheAsync(editor, path), path + " for an editor");
            Assert.False(await FromCacheAsync(reader, path), path + ": the reader's first answer is rendered for the reader");
            Assert.True(await FromCacheAsync(reader, path));
            Assert.False(await FromCacheAsync(editor, path), path + " is not served to an editor from the cache");
        }
    }

    [Fact]
    public async Task The_header_date_on_a_cached_page_turns_at_local_midnight()
    {
        // 20:59 UTC is 23:59 in Aden (UTC+3).
        using var site = new NashirFactory(now: new DateTimeOffset(2024, 10, 1, 20, 59, 0, TimeSpan.Zero));
        var article = await site.PublishAsync("خبر المساء", site.Clock.GetUtcNow().UtcDateTime.AddHours(-1));
        var reader = site.CreateReader();
        foreach (var path in new[] { "/", NashirFactory.ArticlePath(article.Slug) })
        {
            Assert.Equal("الثلاثاء 01 أكتوبر 2024", (await reader.GetDocumentAsync(path)).QuerySelector(".today")!.Text());
            Assert.True(await FromCacheAsync(reader, path));
        }

        site.Clock.Advance(TimeSpan.FromMinutes(2));

        foreach (var path in new[] { "/", NashirFactory.ArticlePath(article.Slug) })
            Assert.Equal("الأربعاء 02 أكتوبر 2024", (await reader.GetDocumentAsync(path)).QuerySelector(".today")!.Text());
    }

    [Fact]
    public async Task A_future_dated_article_appears_on_cached_fronts_when_its_time_comes()
    {
        var (site, category, _) = await SiteWithOneAsync();
        using var _s = site;
        await site.PublishAsync("خبر مؤجل إلى موعده", publishedAt: site.Clock.GetUtcNow().UtcDateTime.AddMinutes(5), categoryId: category.Id);
        var reader = site.CreateReader();
        foreach (var path in Fronts(category))
        {
            Assert.DoesNotContain("خبر مؤجل إلى موعده", await TextAsync(reader, path), StringComparison.Ordinal);
            Assert.True(await FromCacheAsync(reader, path));
        }

        site.Clock.Advance(TimeSpan.FromMinutes(6));

        foreach (var path in Fronts(category))
            Assert.Contains("خبر مؤجل إلى موعده", await TextAsync(reader, path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_page_the_reader_already_holds_is_answered_304(bool cacheOn)
    {
        var (site, _, first) = await SiteWithOneAsync(cacheOn);
        using var _s = site;
        var reader = site.CreateReader();
        foreach (var path in new[] { "/", NashirFactory.ArticlePath(first.Slug), "/feed", "/api/v1/articles" })
        {
            using var first200 = await reader.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, first200.StatusCode);
            var etag = first200.Headers.ETag;
            Assert.NotNull(etag);
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.IfNoneMatch.Add(etag);
            using var again = await reader.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Head_is_answered_wherever_get_is()
    {
        var (site, category, first) = await SiteWithOneAsync();
        using var _s = site;
        var reader = site.CreateReader();
        string[] paths = [.. Fronts(category), NashirFactory.ArticlePath(first.Slug), "/feed/atom", "/sitemap.xml", "/api/v1/articles",
            "/api/v1/articles/" + Uri.EscapeDataString(first.Slug), "/api/v1/categories", "/api/search?q=" + Uri.EscapeDataString("الاقتصاد"), "/search"];
        foreach (var path in paths)
        {
            using var head = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.True(head.StatusCode == HttpStatusCode.OK, $"HEAD {path}: {(int)head.StatusCode}");
        }
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Text_is_compressed_as_the_reader_asks_and_the_newsroom_is_not(string encoding)
    {
        var (site, _, first) = await SiteWithOneAsync();
        using var _s = site;
        var reader = site.CreateReader();
        reader.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        foreach (var path in new[] { NashirFactory.ArticlePath(first.Slug), "/feed", "/api/v1/articles", "/" })
        {
            // Twice: rendered, then from the cache (stored compressed, one entry per encoding).
            for (var i = 0; i < 2; i++)
            {
                using var response = await reader.GetAsync(path);
                Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
                await using var body = await response.Content.ReadAsStreamAsync();
                await using Stream plain = encoding == "br" ? new BrotliStream(body, CompressionMode.Decompress) : new GZipStream(body, CompressionMode.Decompress);
                Assert.Contains("خبر الاقتصاد الأول", await new StreamReader(plain).ReadToEndAsync(), StringComparison.Ordinal);
            }
        }
        using (var plainReader = await site.CreateReader().GetAsync(NashirFactory.ArticlePath(first.Slug)))
            Assert.Empty(plainReader.Content.Headers.ContentEncoding);

        // Newsroom pages carry anti-forgery tokens: never compressed (BREACH).
        var editor = await site.SignInAsync(Roles.Editor);
        editor.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        using var newsroom = await editor.GetAsync("/newsroom/articles/new");
        Assert.Equal(HttpStatusCode.OK, newsroom.StatusCode);
        Assert.Empty(newsroom.Content.Headers.ContentEncoding);
    }
}
