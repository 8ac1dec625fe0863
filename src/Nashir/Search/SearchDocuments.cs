using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;
using Nashir.Data;

namespace Nashir.Search;

/// <summary>The index's fields. Stemmed text fields match words in any form; the *_exact twins keep every word for phrases.</summary>
public static class SearchFields
{
    public const string Id = "id";
    public const string Slug = "slug";
    public const string Headline = "headline";
    public const string HeadlineExact = "headline_exact";
    /// <summary>Combined field: stems plus "=word" exact forms (see <see cref="NashirArabicAnalyzer.CreateCombined"/>).</summary>
    public const string Dek = "dek";

    /// <summary>Combined field, like <see cref="Dek"/>.</summary>
    public const string Body = "body";
    public const string TagNames = "tags";
    public const string CategoryName = "category_name";
    public const string People = "people";
    public const string Tag = "tag";
    public const string Category = "category";
    public const string Author = "author";

    /// <summary>Publication time in Unix seconds: indexed for date ranges.</summary>
    public const string Published = "published";

    /// <summary>The same as doc values, for sorting by date and the recency boost.</summary>
    public const string PublishedValue = "published_dv";

    /// <summary>
    /// The analyzer the index and the queries share: stemmed for short fields, unstemmed for the headline's exact twin
    /// (phrases and autocomplete), combined for dek and body so long text is indexed once.
    /// </summary>
    public static Analyzer CreateAnalyzer() =>
        new PerFieldAnalyzerWrapper(NashirArabicAnalyzer.CreateStemmed(), new Dictionary<string, Analyzer>
        {
            [HeadlineExact] = NashirArabicAnalyzer.CreateUnstemmed(),
            [Dek] = NashirArabicAnalyzer.CreateCombined(),
            [Body] = NashirArabicAnalyzer.CreateCombined(),
        });
}

/// <summary>What the index holds of a published article.</summary>
internal sealed record IndexedArticle(
    int Id,
    string Slug,
    string Headline,
    string? Dek,
    string Body,
    DateTime PublishedAt,
    string? CategorySlug,
    string? CategoryName,
    string? Byline,
    List<Named> Tags,
    List<Named> Authors,
    List<string> Sources)
{
    public Document ToDocument()
    {
        var body = HtmlText.ToPlainText(Body);
        var doc = new Document
        {
            new StringField(SearchFields.Id, Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.YES),
            new StoredField(SearchFields.Slug, Slug),
            new TextField(SearchFields.Headline, Headline, Field.Store.YES),
            new TextField(SearchFields.HeadlineExact, Headline, Field.Store.NO),
            // Not stored: snippets read the body from the database with the cards. Storing it took a fifth of indexing time.
            new TextField(SearchFields.Body, body, Field.Store.NO),
        };
        if (!string.IsNullOrWhiteSpace(Dek))
        {
            doc.Add(new TextField(SearchFields.Dek, Dek, Field.Store.YES));
        }
        foreach (var tag in Tags)
        {
            doc.Add(new TextField(SearchFields.TagNames, tag.Name, Field.Store.NO));
            doc.Add(new StringField(SearchFields.Tag, tag.Slug, Field.Store.NO));
        }
        if (CategorySlug is not null)
        {
            doc.Add(new StringField(SearchFields.Category, CategorySlug, Field.Store.NO));
            doc.Add(new TextField(SearchFields.CategoryName, CategoryName ?? "", Field.Store.NO));
        }
        foreach (var author in Authors)
        {
            doc.Add(new StringField(SearchFields.Author, author.Slug, Field.Store.NO));
            doc.Add(new TextField(SearchFields.People, author.Name, Field.Store.NO));
        }
        foreach (var source in Sources)
            doc.Add(new TextField(SearchFields.People, source, Field.Store.NO));
        if (!string.IsNullOrWhiteSpace(Byline))
            doc.Add(new TextField(SearchFields.People, Byline, Field.Store.NO));
        var seconds = new DateTimeOffset(PublishedAt, TimeSpan.Zero).ToUnixTimeSeconds();
        doc.Add(new Int64Field(SearchFields.Published, seconds, Field.Store.NO));
        doc.Add(new NumericDocValuesField(SearchFields.PublishedValue, seconds));
        return doc;
    }

    /// <summary>
    /// <paramref name="articles"/> with what the index needs, in one round of queries; <see cref="Live"/> tells which
    /// belong in the index. That is decided here in memory, not in the SQL: with the status in the WHERE, SQLite
    /// walks the (Status, PublishedAt) index over every published article and sorts them, for each batch.
    /// </summary>
    public static Task<List<IndexedArticle>> LoadAsync(IQueryable<Article> articles, CancellationToken ct) =>
        articles
            .Select(a => new IndexedArticle(
                a.Id,
                a.Slug,
                a.Headline,
                a.Dek,
                a.Body,
                a.PublishedAt ?? default,
                a.Category == null ? null : a.Category.Slug,
                a.Category == null ? null : a.Category.Name,
                a.Byline,
                a.Tags.Select(t => new Named(t.Slug, t.Name)).ToList(),
                a.Authors.Select(t => new Named(t.Slug, t.Name)).ToList(),
                a.Sources.Select(s => s.Name).ToList())
            {
                State = new Article { Id = a.Id, Status = a.Status, PublishedAt = a.PublishedAt, Slug = "", Headline = "" },
            })
            .AsSplitQuery()
            .AsNoTracking()
            .ToListAsync(ct);

    public static Task<List<IndexedArticle>> LoadAsync(NashirDb db, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        LoadAsync(db.Articles.Where(a => ids.Contains(a.Id)), ct);

    /// <summary>The status and publication time, for the rule.</summary>
    public Article State { get; init; } = null!;

    /// <summary>
    /// A reader may see it now or when its time comes (<see cref="ArticleQueries.Eventually"/>): it is indexed, and
    /// searches leave out what is not yet due, so a future-dated article is found from its time on with no reindex.
    /// </summary>
    public bool Live => State.ReaderMaySee(ArticleQueries.Eventually);
}

internal sealed record Named(string Slug, string Name);
