using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Ar;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Data;
using Nashir.Search;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Nashir.Bench;

/// <summary>
/// Where indexing time goes (--profile), part by part, on a slice of the imported articles. The
/// document below is a copy of IndexedArticle.ToDocument (Search/SearchDocuments.cs), so that variants of it can be
/// compared: keep it in step when that changes. The database load is the product's own IndexedArticle.LoadAsync.
/// </summary>
internal static class IndexProfile
{
    public const int Slice = 10_000;
    private const int Batch = 1000;

    private sealed record Row(int Id, string Slug, string Headline, string? Dek, string Body, DateTime PublishedAt, string? CategorySlug,
        string? CategoryName, string? Byline, List<Pair> Tags, List<Pair> Authors, List<string> Sources);

    private sealed record Pair(string Slug, string Name);

    public static async Task<IReadOnlyList<string>> RunAsync(IServiceProvider services, string folder)
    {
        var lines = new List<string>();
        void Line(string part, int articles, TimeSpan took, string note = "")
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"| {part} | {took.TotalSeconds:0.00} s | {articles / took.TotalSeconds:N0} | {took.TotalMilliseconds * 1000 / articles:N0} µs |{(note.Length > 0 ? " " + note : "")} |");
            lines.Add(line);
            Console.WriteLine("  " + line);
        }
        Console.WriteLine($"Profiling indexing on the first {Slice:N0} articles");

        var clock = Stopwatch.StartNew();
        var rows = await LoadAsync(services);
        Line("database: load (`IndexedArticle.LoadAsync`, batches of 1,000 by id, split query)", rows.Count, clock.Elapsed);

        clock.Restart();
        var bodies = rows.Select(r => HtmlText.ToPlainText(r.Body)).ToList();
        Line("HtmlText.ToPlainText on the bodies", rows.Count, clock.Elapsed);
        var chars = bodies.Sum(b => (long)b.Length) + rows.Sum(r => (long)r.Headline.Length);

        var nashirStemmed = NashirArabicAnalyzer.CreateStemmed();
        var nashirExact = NashirArabicAnalyzer.CreateUnstemmed();
        var tokenizerOnly = Analyzer.NewAnonymous((_, reader) => new TokenStreamComponents(new StandardTokenizer(NashirArabicAnalyzer.Version, reader)));
        var stock = new ArabicAnalyzer(NashirArabicAnalyzer.Version);
        foreach (var (name, analyzer) in new (string, Analyzer)[]
        {
            ("analysis: StandardTokenizer alone (headline + body, once)", tokenizerOnly),
            ("analysis: NashirArabicAnalyzer stemmed (headline + body, once)", nashirStemmed),
            ("analysis: NashirArabicAnalyzer unstemmed, the *_exact twin (once)", nashirExact),
            ("analysis: Lucene's stock ArabicAnalyzer (headline + body, once)", stock),
        })
        {
            clock.Restart();
            var tokens = 0L;
            for (var i = 0; i < rows.Count; i++)
                tokens += Consume(analyzer, rows[i].Headline) + Consume(analyzer, bodies[i]);
            Line(name, rows.Count, clock.Elapsed, string.Create(CultureInfo.InvariantCulture, $"{tokens:N0} tokens, {chars / clock.Elapsed.TotalSeconds / 1e6:0.0} M chars/s"));
        }

        var whitespace = new WhitespaceAnalyzer(NashirArabicAnalyzer.Version);
        var runs = new (string Name, Analyzer Analyzer, bool Exact, bool Parallel)[]
        {
            ("Lucene AddDocument, product document + analyzer, 1 thread", SearchFields.CreateAnalyzer(), true, false),
            ("Lucene AddDocument, product document + analyzer, Parallel.ForEach (as RebuildAsync)", SearchFields.CreateAnalyzer(), true, true),
            ("Lucene AddDocument, without the *_exact twins, 1 thread", SearchFields.CreateAnalyzer(), false, false),
            ("Lucene AddDocument, product document, stock ArabicAnalyzer, 1 thread", stock, true, false),
            ("Lucene AddDocument, product document, WhitespaceAnalyzer (Lucene's own cost), 1 thread", whitespace, true, false),
        };
        var n = 0;
        foreach (var run in runs)
        {
            var path = Path.Combine(folder, (n++).ToString(CultureInfo.InvariantCulture));
            System.IO.Directory.CreateDirectory(path);
            clock.Restart();
            using (var directory = FSDirectory.Open(new DirectoryInfo(path)))
                Index(directory, run.Analyzer, rows, bodies, run.Exact, run.Parallel);
            Line(run.Name, rows.Count, clock.Elapsed, string.Create(CultureInfo.InvariantCulture, $"index {Bytes(path) / 1e6:0} MB"));
            System.IO.Directory.Delete(path, recursive: true);
        }
        return lines;
    }

    private static async Task<List<Row>> LoadAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var rows = new List<Row>(Slice);
        var after = 0;
        while (rows.Count < Slice)
        {
            var loaded = await IndexedArticle.LoadAsync(db.Articles.Where(a => a.Id > after).OrderBy(a => a.Id).Take(Batch), CancellationToken.None);
            var batch = loaded.Where(a => a.Live).Select(a => new Row(a.Id, a.Slug, a.Headline, a.Dek, a.Body, a.PublishedAt, a.CategorySlug,
                a.CategoryName, a.Byline, a.Tags.Select(t => new Pair(t.Slug, t.Name)).ToList(),
                a.Authors.Select(t => new Pair(t.Slug, t.Name)).ToList(), a.Sources)).ToList();
            if (loaded.Count == 0)
                break;
            rows.AddRange(batch);
            after = loaded[^1].Id;
        }
        return rows;
    }

    private static int Consume(Analyzer analyzer, string text)
    {
        using var stream = analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        var count = 0;
        while (stream.IncrementToken())
            count += term.Length > 0 ? 1 : 0;
        stream.End();
        return count;
    }

    private static void Index(LuceneDirectory directory, Analyzer analyzer, List<Row> rows, List<string> bodies, bool exact, bool parallel)
    {
        var config = new IndexWriterConfig(NashirArabicAnalyzer.Version, analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = SearchIndex.Similarity,
            RAMBufferSizeMB = 64,
        };
        using var writer = new IndexWriter(directory, config);
        if (parallel)
        {
            for (var start = 0; start < rows.Count; start += Batch)
                Parallel.For(start, Math.Min(rows.Count, start + Batch), i => writer.AddDocument(Document(rows[i], bodies[i], exact)));
        }
        else
        {
            for (var i = 0; i < rows.Count; i++)
                writer.AddDocument(Document(rows[i], bodies[i], exact));
        }
        writer.Commit();
    }

    // A copy of IndexedArticle.ToDocument (Search/SearchDocuments.cs); "exact" adds the separate *_exact twin fields the
    // index had before dek and body became combined fields, to compare the two designs.
    private static Document Document(Row a, string body, bool exact)
    {
        var doc = new Document
        {
            new StringField(SearchFields.Id, a.Id.ToString(CultureInfo.InvariantCulture), Field.Store.YES),
            new StoredField(SearchFields.Slug, a.Slug),
            new TextField(SearchFields.Headline, a.Headline, Field.Store.YES),
            new TextField(SearchFields.Body, body, Field.Store.NO),
        };
        if (exact)
        {
            doc.Add(new TextField(SearchFields.HeadlineExact, a.Headline, Field.Store.NO));
            doc.Add(new TextField("body_exact", body, Field.Store.NO));
        }
        if (!string.IsNullOrWhiteSpace(a.Dek))
        {
            doc.Add(new TextField(SearchFields.Dek, a.Dek, Field.Store.YES));
            if (exact)
                doc.Add(new TextField("dek_exact", a.Dek, Field.Store.NO));
        }
        foreach (var tag in a.Tags)
        {
            doc.Add(new TextField(SearchFields.TagNames, tag.Name, Field.Store.NO));
            doc.Add(new StringField(SearchFields.Tag, tag.Slug, Field.Store.NO));
        }
        if (a.CategorySlug is not null)
        {
            doc.Add(new StringField(SearchFields.Category, a.CategorySlug, Field.Store.NO));
            doc.Add(new TextField(SearchFields.CategoryName, a.CategoryName ?? "", Field.Store.NO));
        }
        foreach (var author in a.Authors)
        {
            doc.Add(new StringField(SearchFields.Author, author.Slug, Field.Store.NO));
            doc.Add(new TextField(SearchFields.People, author.Name, Field.Store.NO));
        }
        foreach (var source in a.Sources)
            doc.Add(new TextField(SearchFields.People, source, Field.Store.NO));
        if (!string.IsNullOrWhiteSpace(a.Byline))
            doc.Add(new TextField(SearchFields.People, a.Byline, Field.Store.NO));
        var seconds = new DateTimeOffset(a.PublishedAt, TimeSpan.Zero).ToUnixTimeSeconds();
        doc.Add(new Int64Field(SearchFields.Published, seconds, Field.Store.NO));
        doc.Add(new NumericDocValuesField(SearchFields.PublishedValue, seconds));
        return doc;
    }

    private static long Bytes(string path) => System.IO.Directory.EnumerateFiles(path).Sum(f => new FileInfo(f).Length);
}
