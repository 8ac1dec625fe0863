namespace Nashir.Data;

/// <summary>
/// The publication time copied onto each tag and author link (ArticleTags, ArticleAuthors), so "the newest articles
/// with this tag" seeks an index on (TagsId, PublishedAt) instead of walking every published article and looking its
/// links up. The database keeps the copy, whichever code path (EF, a bulk update, the CLI) makes the change: a trigger
/// fills it when a link is made, another follows every change of an article's PublishedAt (migration
/// SeekIndexesAndLinkDates; per provider, like the migrations). Nothing in the code writes it.
/// </summary>
public static class ArticleLinkDates
{
    public const string PublishedAt = "PublishedAt";
}
