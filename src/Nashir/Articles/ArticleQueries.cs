using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Nashir.Data;

namespace Nashir.Articles;

/// <summary>What a list of articles shows for each one: a card.</summary>
public sealed record ArticleCard(
    int Id,
    string Slug,
    string Headline,
    string? Dek,
    DateTime? PublishedAt,
    string? CategorySlug,
    string? CategoryName,
    string? ImagePath,
    int ImageWidth,
    int ImageHeight,
    string? ImageAlt,
    bool IsBreaking,
    int CommentCount,
    string? ImageVariants = null);

public static class Nouns
{
    public static readonly Arabic.PluralForms Comments = new("تعليق", "تعليقان", "تعليقات", "تعليقاً");
    public static readonly Arabic.PluralForms Articles = new("مقال", "مقالان", "مقالات", "مقالاً");
}

/// <summary>Queries every reader page shares, so "published" means one thing everywhere.</summary>
public static class ArticleQueries
{
    /// <summary>
    /// The rule: "a reader may see this article" at time <c>now</c>. It is published and its publication time has
    /// come; a published article dated in the future (an import, the API, a back-dated fix) waits for its time.
    /// The time is a parameter of the rule, so the same text runs as SQL (an index range on Status, PublishedAt, with
    /// <c>now</c> sent as a query parameter) and in memory (the search's check of its hits).
    /// </summary>
    private static readonly Expression<Func<Article, DateTime, bool>> Rule =
        (a, now) => a.Status == ArticleStatus.Published && a.PublishedAt <= now;

    private static readonly Func<Article, DateTime, bool> RuleInMemory = Rule.Compile();

    /// <summary>Any time at all: what a reader may see now or will see when its time comes, with no change to it.</summary>
    public static readonly DateTime Eventually = DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);

    /// <summary>The rule for a query, at <paramref name="now"/> (the injected clock's time, never DateTime.UtcNow).</summary>
    public static Expression<Func<Article, bool>> ReaderMaySee(DateTime now)
    {
        // A captured variable, not a constant: EF Core sends it as a parameter, so every "now" shares one query plan.
        Expression<Func<DateTime>> captured = () => now;
        var body = new Substitution(Rule.Parameters[1], captured.Body).Visit(Rule.Body);
        return Expression.Lambda<Func<Article, bool>>(body, Rule.Parameters[0]);
    }

    /// <summary>The rule for an article in memory (one read with at least its status and publication time).</summary>
    public static bool ReaderMaySee(this Article article, DateTime now) => RuleInMemory(article, now);

    /// <summary>The articles a reader may see now, by the site's clock.</summary>
    public static IQueryable<Article> Public(this NashirDb db, TimeProvider clock) => db.Public(clock.GetUtcNow().UtcDateTime);

    public static IQueryable<Article> Public(this NashirDb db, DateTime now) => db.Articles.Where(ReaderMaySee(now));

    /// <summary>
    /// "A reader may see this tag": at least one article the reader may see (<see cref="ReaderMaySee(DateTime)"/>) uses it.
    /// A tag only on drafts, articles in review, scheduled or future-dated ones has no page, feed or API entry: writers
    /// make tags on the fly, and an embargoed story's tag names it.
    /// </summary>
    /// <remarks>
    /// Written from the join table outwards: the tag's links by the TagsId index, then each linked article by its key
    /// and the rule. Through the navigation (<c>t.Articles.Any(…)</c>) SQLite's planner preferred to walk every published
    /// article in the (Status, PublishedAt) index and look the link up for each: a cost that grows with the archive.
    /// </remarks>
    public static Expression<Func<Tag, bool>> ReaderMaySeeTag(this NashirDb db, DateTime now)
    {
        var links = db.Set<Dictionary<string, object>>(TaxonomyEdits.ArticleTags);
        var visible = db.Public(now);
        return t => links.Any(l => EF.Property<int>(l, TaxonomyEdits.TagsId) == t.Id
            && visible.Any(a => a.Id == EF.Property<int>(l, TaxonomyEdits.ArticlesId)));
    }

    /// <summary>"A reader may see this author": as for tags (<see cref="ReaderMaySeeTag"/>), through an article readers may see.</summary>
    public static Expression<Func<Author, bool>> ReaderMaySeeAuthor(this NashirDb db, DateTime now)
    {
        var links = db.Set<Dictionary<string, object>>(TaxonomyEdits.ArticleAuthors);
        var visible = db.Public(now);
        return x => links.Any(l => EF.Property<int>(l, TaxonomyEdits.AuthorsId) == x.Id
            && visible.Any(a => a.Id == EF.Property<int>(l, TaxonomyEdits.ArticlesId)));
    }

    /// <summary>The tags a reader may see now.</summary>
    public static IQueryable<Tag> PublicTags(this NashirDb db, DateTime now) => db.Tags.Where(db.ReaderMaySeeTag(now));

    public static IQueryable<Tag> PublicTags(this NashirDb db, TimeProvider clock) => db.PublicTags(clock.GetUtcNow().UtcDateTime);

    /// <summary>The authors a reader may see now.</summary>
    public static IQueryable<Author> PublicAuthors(this NashirDb db, DateTime now) => db.Authors.Where(db.ReaderMaySeeAuthor(now));

    public static IQueryable<Author> PublicAuthors(this NashirDb db, TimeProvider clock) => db.PublicAuthors(clock.GetUtcNow().UtcDateTime);

    /// <summary>The public tag that <paramref name="slug"/> named before a rename or a merge, if any.</summary>
    public static IQueryable<Tag> PublicTagFormerly(this NashirDb db, string slug, DateTime now) =>
        db.TagSlugs.Where(s => s.Slug == slug).Select(s => s.Tag!).Where(db.ReaderMaySeeTag(now));

    private sealed class Substitution(ParameterExpression parameter, Expression value) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? value : node;
    }

    public static IQueryable<Article> Latest(this IQueryable<Article> articles) =>
        articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id);

    /// <summary>
    /// How deep a list may be paged (pages, feeds, the API): an OFFSET walks this many index entries at most, and a
    /// list's count stops here, so a list costs the same in an archive of any size. Older articles stay reachable
    /// through search and the sitemaps.
    /// </summary>
    public const int MaxListed = 10_000;

    /// <summary>How many articles <paramref name="articles"/> holds, counted up to <see cref="MaxListed"/>.</summary>
    public static Task<int> CountListedAsync(this IQueryable<Article> articles, CancellationToken ct) =>
        articles.Take(MaxListed).CountAsync(ct);

    /// <summary>
    /// One page of the articles a reader may see with tag <paramref name="tagId"/>, newest first (as <see cref="Latest"/>):
    /// the page is cut from the links' index (TagsId, PublishedAt, ArticlesId), each link checked by its article's key,
    /// and only then joined to the articles. Filtering <c>a.Tags.Any(…)</c>, or joining before the cut, lets SQLite walk
    /// every published article by (Status, PublishedAt) and sort them.
    /// </summary>
    public static IQueryable<Article> TaggedPage(this NashirDb db, int tagId, DateTime now, int skip, int take, int excluding = 0) =>
        db.LinkedPage(TaxonomyEdits.ArticleTags, TaxonomyEdits.TagsId, tagId, now, skip, take, excluding);

    /// <summary>One page of the articles a reader may see by author <paramref name="authorId"/>, as <see cref="TaggedPage"/>.</summary>
    public static IQueryable<Article> AuthorPage(this NashirDb db, int authorId, DateTime now, int skip, int take) =>
        db.LinkedPage(TaxonomyEdits.ArticleAuthors, TaxonomyEdits.AuthorsId, authorId, now, skip, take, 0);

    /// <summary>How many articles a reader may see with tag <paramref name="tagId"/>, counted up to <see cref="MaxListed"/>.</summary>
    public static Task<int> CountTaggedAsync(this NashirDb db, int tagId, DateTime now, CancellationToken ct) =>
        db.Links(TaxonomyEdits.ArticleTags, TaxonomyEdits.TagsId, tagId, now, 0).Take(MaxListed).CountAsync(ct);

    /// <summary>How many articles a reader may see by author <paramref name="authorId"/>, counted up to <see cref="MaxListed"/>.</summary>
    public static Task<int> CountByAuthorAsync(this NashirDb db, int authorId, DateTime now, CancellationToken ct) =>
        db.Links(TaxonomyEdits.ArticleAuthors, TaxonomyEdits.AuthorsId, authorId, now, 0).Take(MaxListed).CountAsync(ct);

    private static IQueryable<Dictionary<string, object>> Links(this NashirDb db, string table, string column, int id, DateTime now, int excluding)
    {
        var visible = db.Public(now);
        return db.Set<Dictionary<string, object>>(table)
            .Where(l => EF.Property<int>(l, column) == id && EF.Property<int>(l, TaxonomyEdits.ArticlesId) != excluding
                && visible.Any(a => a.Id == EF.Property<int>(l, TaxonomyEdits.ArticlesId)));
    }

    private static IQueryable<Article> LinkedPage(this NashirDb db, string table, string column, int id, DateTime now, int skip, int take, int excluding)
    {
        var page = db.Links(table, column, id, now, excluding)
            .OrderByDescending(l => EF.Property<DateTime?>(l, ArticleLinkDates.PublishedAt))
            .ThenByDescending(l => EF.Property<int>(l, TaxonomyEdits.ArticlesId))
            .Skip(skip).Take(take);
        return from l in page
               join a in db.Articles on EF.Property<int>(l, TaxonomyEdits.ArticlesId) equals a.Id
               orderby EF.Property<DateTime?>(l, ArticleLinkDates.PublishedAt) descending, a.Id descending
               select a;
    }

    public static IQueryable<ArticleCard> ToCards(this IQueryable<Article> articles) => articles.Select(Card);

    public static readonly Expression<Func<Article, ArticleCard>> Card =
        a => new ArticleCard(
            a.Id,
            a.Slug,
            a.Headline,
            a.Dek,
            a.PublishedAt,
            a.Category == null ? null : a.Category.Slug,
            a.Category == null ? null : a.Category.Name,
            a.LeadImage == null ? null : a.LeadImage.Path,
            a.LeadImage == null ? 0 : a.LeadImage.Width,
            a.LeadImage == null ? 0 : a.LeadImage.Height,
            a.LeadImageAlt ?? (a.LeadImage == null ? null : a.LeadImage.Alt),
            a.IsBreaking,
            a.Comments.Count(c => c.Status == Comments.CommentStatus.Approved),
            a.LeadImage == null ? null : a.LeadImage.Variants);
}
