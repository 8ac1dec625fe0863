using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Nashir.Tests.Articles;

public sealed class MostReadTests
{
    [Fact]
    public async Task Reads_served_from_the_cache_count_and_the_block_survives_a_restart()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "nashir-tests", Guid.NewGuid().ToString("N"));
        try
        {
            string first, second;
            using (var site = new NashirFactory(dataPath: dataPath))
            {
                first = (await site.PublishAsync("الخبر الأكثر قراءة", site.Clock.GetUtcNow().UtcDateTime.AddHours(-2))).Slug;
                second = (await site.PublishAsync("خبر قرأه قارئ واحد", site.Clock.GetUtcNow().UtcDateTime.AddHours(-1))).Slug;
                var reader = site.CreateReader();
                for (var i = 0; i < 3; i++)
                {
                    using var r = await reader.GetAsync(NashirFactory.ArticlePath(first));
                    Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                    Assert.Equal(i > 0, r.Headers.Age is not null); // the second and third reads come from the cache
                }
                using (var r = await reader.GetAsync(NashirFactory.ArticlePath(second)))
                    Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                using (var head = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Head, NashirFactory.ArticlePath(second))))
                    Assert.Equal(HttpStatusCode.OK, head.StatusCode); // not a read
                using (var missing = await reader.GetAsync(NashirFactory.ArticlePath("لا-يوجد")))
                    Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
                // Nothing written per read: the counts wait in memory for the flush.
                Assert.Equal(0, await site.WithDbAsync(db => db.ArticleViews.CountAsync()));
            } // a graceful stop writes them

            using (var site = new NashirFactory(dataPath: dataPath))
            {
                var views = await site.WithDbAsync(db => db.ArticleViews.OrderByDescending(v => v.Views).Select(v => v.Views).ToListAsync());
                Assert.Equal([3L, 1L], views);
                foreach (var path in new[] { "/", NashirFactory.ArticlePath(second) })
                {
                    var page = await site.CreateReader().GetDocumentAsync(path);
                    Assert.Equal(["الخبر الأكثر قراءة", "خبر قرأه قارئ واحد"], page.QuerySelectorAll(".most-read li").Select(li => li.Text()));
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
