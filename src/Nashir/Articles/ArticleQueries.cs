using System.Linq.Expressions;
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

    private sealed class Substitution(ParameterExpression parameter, Expression value) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? value : node;
    }

    public static IQueryable<Article> Latest(this IQueryable<Article> articles) =>
        articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id);

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
