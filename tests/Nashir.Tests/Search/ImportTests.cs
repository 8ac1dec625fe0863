using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Articles;
using Nashir.Import;

namespace Nashir.Tests.Search;

/// <summary><c>nashir import jsonl</c>: the corpus format as published articles, idempotent by id, bad lines reported and skipped.</summary>
public sealed class ImportTests
{
    private const string Good1 = """{"id":"SK-sport-1-20180101","title":"المنتخب يفوز على ضيفه","body":"فقرة أولى عن المباراة.\n\nفقرة <ثانية> & أخيرة.","category":"sport","published":"2018-01-01","source":"Sky News Arabia"}""";
    private const string Good2 = """{"id":"BB-economy-2-20180102","title":"ارتفاع أسعار النفط","body":"ارتفعت الأسعار.","category":"economy","published":"2018-01-02","source":"BBC Arabic"}""";

    private static async Task<(ImportReport Report, List<ImportProblem> Problems)> ImportAsync(NashirFactory site, string content, bool gzip = false)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        if (gzip)
        {
            using var packed = new MemoryStream();
            using (var zip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
                zip.Write(bytes);
            bytes = packed.ToArray();
        }
        using var stream = new MemoryStream(bytes);
        var problems = new List<ImportProblem>();
        await using var scope = site.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<ArticleImporter>();
        var report = await importer.ImportAsync(JsonlArticles.ReadAsync(stream, TimeZoneInfo.FindSystemTimeZoneById("Asia/Aden"), problems.Add), stream.Length, null, CancellationToken.None);
        return (report, problems);
    }

    [Fact]
    public async Task Articles_are_published_with_their_category_source_date_and_paragraphs()
    {
        using var site = new NashirFactory();
        var (report, problems) = await ImportAsync(site, Good1 + "\n" + Good2 + "\n", gzip: true);
        Assert.Empty(problems);
        Assert.Equal(2, report.Added);

        var article = await site.WithDbAsync(db => db.Articles.Include(a => a.Category).Include(a => a.Sources)
            .SingleAsync(a => a.ExternalId == "jsonl:SK-sport-1-20180101"));
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal("رياضة", article.Category!.Name);
        Assert.Equal("Sky News Arabia", Assert.Single(article.Sources).Name);
        Assert.Equal("Sky News Arabia", article.Byline);
        Assert.Equal("<p>فقرة أولى عن المباراة.</p><p>فقرة &lt;ثانية&gt; &amp; أخيرة.</p>", article.Body);
        // A date alone is noon of that day in the site's time zone (Aden, UTC+3).
        Assert.Equal(new DateTime(2018, 1, 1, 9, 0, 0, DateTimeKind.Utc), article.PublishedAt);

        using var page = await site.CreateReader().GetAsync(NashirFactory.ArticlePath(article.Slug));
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Single(await IndexConsistencyTests.HeadlinesAsync(site, "المنتخب"));
    }

    [Fact]
    public async Task A_second_run_updates_in_place_and_never_duplicates()
    {
        using var site = new NashirFactory();
        await ImportAsync(site, Good1 + "\n" + Good2);
        var again = await ImportAsync(site, Good1 + "\n" + Good2);
        Assert.Equal((0, 0, 2), (again.Report.Added, again.Report.Updated, again.Report.Unchanged));

        var changed = Good2.Replace("ارتفاع أسعار النفط", "تراجع أسعار النفط", StringComparison.Ordinal);
        var third = await ImportAsync(site, changed);
        Assert.Equal((0, 1), (third.Report.Added, third.Report.Updated));

        Assert.Equal(2, await site.WithDbAsync(db => db.Articles.CountAsync()));
        Assert.Equal(1, await site.WithDbAsync(db => db.Categories.CountAsync(c => c.Name == "اقتصاد")));
        var updated = await site.WithDbAsync(db => db.Articles.SingleAsync(a => a.ExternalId == "jsonl:BB-economy-2-20180102"));
        Assert.Equal("تراجع أسعار النفط", updated.Headline);
        Assert.Equal(2, updated.Version);
        Assert.Single(await IndexConsistencyTests.HeadlinesAsync(site, "تراجع"));
        Assert.Empty(await IndexConsistencyTests.HeadlinesAsync(site, "ارتفاع"));
    }

    [Fact]
    public async Task Malformed_lines_are_reported_with_their_number_and_skipped()
    {
        using var site = new NashirFactory();
        var lines = string.Join('\n',
            Good1,
            "{not json",
            """{"id":"x-1","title":"","body":"نص","published":"2018-01-01"}""",
            """{"id":"x-2","title":"عنوان","body":"نص","published":"أمس"}""",
            """["an","array"]""",
            """{"title":"بلا معرّف","body":"نص","published":"2018-01-01"}""",
            "",
            Good2);
        var (report, problems) = await ImportAsync(site, lines);
        Assert.Equal(2, report.Added);
        Assert.Equal([2L, 3, 4, 5, 6], problems.Select(p => p.Line));
        Assert.All(problems, p => Assert.Matches("[\u0600-\u06FF]", p.Message));
    }

    [Fact]
    public async Task The_command_line_imports_a_file_and_a_rerun_adds_nothing()
    {
        var data = Path.Combine(Path.GetTempPath(), "nashir-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            var file = Path.Combine(data, "articles.jsonl");
            await File.WriteAllTextAsync(file, Good1 + "\n{broken\n" + Good2 + "\n");
            var first = await SiteProcess.RunVerbAsync(data, "import", "jsonl", file);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Contains("2 new", first.Output, StringComparison.Ordinal);
            Assert.Contains("سطر 2", first.Output, StringComparison.Ordinal);

            var second = await SiteProcess.RunVerbAsync(data, "import", "jsonl", file);
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Contains("0 new, 0 updated, 2 unchanged", second.Output, StringComparison.Ordinal);

            var search = await SiteProcess.RunVerbAsync(data, "search", "النفط");
            Assert.True(search.ExitCode == 0, search.Output);
            Assert.Contains("ارتفاع أسعار النفط", search.Output, StringComparison.Ordinal);

            var missing = await SiteProcess.RunVerbAsync(data, "import", "jsonl", Path.Combine(data, "nothing-here.jsonl"));
            Assert.Equal(2, missing.ExitCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }
}
