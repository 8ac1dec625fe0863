using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
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
