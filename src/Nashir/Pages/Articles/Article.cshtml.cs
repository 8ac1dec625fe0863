using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;
using Nashir.Comments;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Pages.Articles;

/// <summary>The article page, in the order the newsroom's readers know: headline, image, time and byline, body, tags, related, follow links, comments.</summary>
// Reader pages carry no per-user token so they can be cached; comment posts are checked for a same-site origin instead (docs/COMMENTS.md).
[IgnoreAntiforgeryToken]
public sealed class ArticleModel(NashirDb db, SiteContext site, TimeProvider clock) : PageModel
{
    public const int RelatedCount = 4;
    public const int CommentsShown = 50;

    public Article Article { get; private set; } = null!;
    public IReadOnlyList<ArticleCard> Related { get; private set; } = [];
    public IReadOnlyList<Comment> Comments { get; private set; } = [];
    public int ApprovedCount { get; private set; }
    public CommentMode Mode { get; private set; }

    public CommentForm Form { get; private set; } = new();

    /// <summary>Set after a successful post (the redirect carries it), to show the confirmation.</summary>
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery] string? comment, CancellationToken ct)
    {
        var result = await LoadAsync(slug, ct);
        if (result is null && comment is "received" or "published")
        {
            Notice = comment == "published" ? "شكراً، نُشر تعليقك." : "تم استلام تعليقك وسيظهر بعد المراجعة.";
        }
        return result ?? Page();
    }

    public async Task<IActionResult> OnPostCommentAsync(string slug, [FromForm] CommentForm form, CancellationToken ct)
    {
        if (!IsSameSite())
            return StatusCode(StatusCodes.Status403Forbidden);
        var result = await LoadAsync(slug, ct);
        if (result is not null)
            return result;
        Form = form;
        if (Mode == CommentMode.Closed)
        {
            Form.Errors[""] = "التعليقات مغلقة على هذا الخبر.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        if (!form.Validate())
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var status = Mode == CommentMode.Open ? CommentStatus.Approved : CommentStatus.Pending;
        if (!form.IsBot)
        {
            // Saved before the reader is told anything: a confirmation always means a committed row.
            db.Comments.Add(new Comment
            {
                ArticleId = Article.Id,
                Name = form.CleanName,
                Subject = form.CleanSubject,
                Text = form.CleanText,
                Status = status,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(ct);
        }
        var url = Url.Page("/Articles/Article", null, new { slug = Article.Slug, comment = status == CommentStatus.Approved ? "published" : "received" }) + "#comments";
        return Redirect(url);
    }

    /// <summary>
    /// Browsers say where a form post comes from (Sec-Fetch-Site, Origin). A post from another site is refused;
    /// clients that send neither (old browsers, curl) are let through to validation.
    /// </summary>
    private bool IsSameSite()
    {
        var fetchSite = Request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
            return fetchSite is "same-origin" or "same-site" or "none";
        var origin = Request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null")
            return origin.Length == 0;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
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
        return null;
    }
}
