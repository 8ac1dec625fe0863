using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;
using Nashir.Comments;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Pages.Articles;

/// <summary>The article page, in the order the newsroom's readers know: headline, image, time and byline, body, tags, related, follow links, comments.</summary>
public sealed class ArticleModel(NashirDb db, SiteContext site) : PageModel
{
    public const int RelatedCount = 4;
    public const int CommentsShown = 50;

    public Article Article { get; private set; } = null!;
    public IReadOnlyList<ArticleCard> Related { get; private set; } = [];
    public IReadOnlyList<Comment> Comments { get; private set; } = [];
    public int ApprovedCount { get; private set; }
    public CommentMode Mode { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var article = await db.Published().AsNoTracking()
            .Include(a => a.Category)
            .Include(a => a.LeadImage)
            .Include(a => a.Tags)
            .Include(a => a.Authors)
            .Include(a => a.Sources)
            .AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Slug == slug, ct);
        if (article is null)
        {
            var renamed = await db.ArticleSlugs.AsNoTracking()
                .Where(s => s.Slug == slug && s.Article!.Status == ArticleStatus.Published)
                .Select(s => s.Article!.Slug)
                .FirstOrDefaultAsync(ct);
            return renamed is null ? NotFound() : RedirectToPagePermanent("/Articles/Article", new { slug = renamed });
        }

        Article = article;
        var settings = (await site.GetAsync(ct)).Settings;
        Mode = article.CommentMode == CommentMode.SiteDefault ? settings.CommentMode : article.CommentMode;

        var tagIds = article.Tags.Select(t => t.Id).ToList();
        Related = await db.Published()
            .Where(a => a.Id != article.Id && (a.CategoryId == article.CategoryId || a.Tags.Any(t => tagIds.Contains(t.Id))))
            .Latest().Take(RelatedCount).ToCards().ToListAsync(ct);

        var approved = db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id && c.Status == CommentStatus.Approved);
        ApprovedCount = await approved.CountAsync(ct);
        Comments = await approved.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Take(CommentsShown).ToListAsync(ct);
        return Page();
    }
}
