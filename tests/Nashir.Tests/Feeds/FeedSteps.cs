using System.Diagnostics;
using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Nashir.Arabic;
using Nashir.Articles;

namespace Nashir.Tests.Feeds;

/// <summary>Reads feeds and sitemaps the way their consumers do: real parsers, DTDs refused.</summary>
internal static class FeedSteps
{
    public static XmlReaderSettings SafeReader => new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    public static async Task<SyndicationFeed> GetFeedAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = XmlReader.Create(stream, SafeReader);
        return SyndicationFeed.Load(reader);
    }

    public static async Task<XDocument> GetXmlAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = XmlReader.Create(stream, SafeReader);
        return XDocument.Load(reader);
    }

    public static List<string> Titles(this SyndicationFeed feed) => feed.Items.Select(i => i.Title.Text).ToList();

    public static string ArticleUrl(string slug) => "http://localhost" + NashirFactory.ArticlePath(slug);

    public static Task<Article> DraftAsync(this NashirFactory site, string headline, ArticleStatus status = ArticleStatus.Draft) =>
        site.PublishAsync(headline, configure: a =>
        {
            a.Status = status;
            a.PublishedAt = null;
            if (status == ArticleStatus.Scheduled)
                a.ScheduledFor = site.Clock.GetUtcNow().UtcDateTime.AddDays(1);
        });

    public static async Task<Tag> TagAsync(this NashirFactory site, string name, params Article[] articles) =>
        await site.WithDbAsync(async db =>
        {
            var tag = new Tag { Name = name, Slug = Slugs.Slugify(name) };
            db.Tags.Add(tag);
            foreach (var id in articles.Select(a => a.Id))
                (await db.Articles.Include(a => a.Tags).SingleAsync(a => a.Id == id)).Tags.Add(tag);
            await db.SaveChangesAsync();
            return tag;
        });

    public static async Task<Author> AuthorAsync(this NashirFactory site, string name, params Article[] articles) =>
        await site.WithDbAsync(async db =>
        {
            var author = new Author { Name = name, Slug = Slugs.Slugify(name) };
            db.Authors.Add(author);
            foreach (var id in articles.Select(a => a.Id))
                (await db.Articles.Include(a => a.Authors).SingleAsync(a => a.Id == id)).Authors.Add(author);
            await db.SaveChangesAsync();
            return author;
        });
}

/// <summary>
/// Counts the SQL commands EF Core runs for the work given to <see cref="CountAsync{T}"/>, and only those (not the
/// background services' polling), so a test can show that a request's query count does not grow with the rows it
/// lists. The site's test server must pass the caller's execution context on (<see cref="For"/> sets that up).
/// </summary>
internal sealed class SqlCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private static readonly AsyncLocal<SqlCounter?> Counting = new();
    private readonly IDisposable _all;
    private readonly List<IDisposable> _subscriptions = [];
    private int _count;

    private SqlCounter() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    /// <summary>A counter, and a reader of <paramref name="site"/> whose requests run in the caller's flow.</summary>
    public static (SqlCounter Counter, HttpClient Reader) For(NashirFactory site)
    {
        site.Server.PreserveExecutionContext = true;
        return (new SqlCounter(), site.CreateReader());
    }

    /// <summary>Runs <paramref name="work"/> and returns what it returned with the number of SQL commands it ran.</summary>
    public async Task<(T Result, int Queries)> CountAsync<T>(Func<Task<T>> work)
    {
        Interlocked.Exchange(ref _count, 0);
        Counting.Value = this;
        try
        {
            var result = await work();
            return (result, Volatile.Read(ref _count));
        }
        finally
        {
            Counting.Value = null;
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
                _subscriptions.Add(listener.Subscribe(this));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> e)
    {
        if (e.Key == RelationalEventId.CommandExecuted.Name && Counting.Value == this)
            Interlocked.Increment(ref _count);
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
            _subscriptions.ForEach(s => s.Dispose());
    }
}
