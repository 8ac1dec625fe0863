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
    public static readonly Expression<Func<Article, bool>> IsPublished =
        a => a.Status == ArticleStatus.Published && a.PublishedAt != null;

    public static IQueryable<Article> Published(this NashirDb db) => db.Articles.Where(IsPublished);

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
