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
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = ReaderCachePolicy.ArticlePolicy)]
public sealed class ArticleModel(NashirDb db, SiteContext site, CommentDesk comments, TimeProvider clock, Microsoft.Extensions.Options.IOptions<CommentOptions> commentOptions) : PageModel
{
    public const int RelatedCount = 4;

    /// <summary>Related stories are looked for under this many of an article's tags at most.</summary>
    public const int MaxRelatedTags = 8;

    public Article Article { get; private set; } = null!;
    public IReadOnlyList<ArticleCard> Related { get; private set; } = [];
    public IReadOnlyList<Comment> Comments { get; private set; } = [];
    public int ApprovedCount { get; private set; }
    public CommentMode Mode { get; private set; }

    public CommentForm Form { get; private set; } = new();

    /// <summary>Set after a successful post (the redirect carries it), to show the confirmation.</summary>
    public string? Notice { get; private set; }

    /// <summary>The comment being answered, from "?replyTo=": one level of replies.</summary>
    public int? ReplyTo { get; private set; }

    public IReadOnlyDictionary<int, List<Comment>> Replies { get; private set; } = new Dictionary<int, List<Comment>>();
    public Paging CommentPaging { get; private set; } = new(1, 50, 0);

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery] string? comment, [FromQuery] int? replyTo, CancellationToken ct)
    {
        if (!Paging.TryParsePage(Request.Query["comments"].Count > 1 ? "" : Request.Query["comments"].FirstOrDefault(), out _))
            return BadRequest();
        var result = await LoadAsync(slug, ct);
        Notice = comment switch
        {
            "published" => "شكراً، نُشر تعليقك.",
            "received" => "تم استلام تعليقك وسيظهر بعد المراجعة.",
            "reported" => "شكراً، وصل بلاغك وسيراجعه المشرفون.",
            _ => null,
        };
        ReplyTo = replyTo is { } r && Comments.Any(c => c.Id == r) ? r : null;
        return result ?? Page();
    }

    /// <summary>Takes a comment. A saved one is answered with a redirect and nothing else is read; a refused one shows the page with the form.</summary>
    public async Task<IActionResult> OnPostCommentAsync([FromForm] CommentForm? form, [FromForm] string? parentId, CancellationToken ct)
    {
        form ??= new CommentForm();
        if (!IsSameSite())
            return StatusCode(StatusCodes.Status403Forbidden);
        // The slug comes from the route, not from binding: a form the server cannot read leaves every bound parameter empty.
        if (await comments.FindTargetAsync(RouteSlug, ct) is not { } target)
            return await NotFoundOrRenamedAsync(RouteSlug, ct);
        Form = form;
        if (!await FormIsReadableAsync())
        {
            form.Errors[""] = "تعذرت قراءة التعليق المرسل. أعد كتابته وأرسله من النموذج.";
            return await RefusedAsync(StatusCodes.Status400BadRequest, null, ct);
        }
        var posted = await comments.PostAsync(target, form, parentId, ClientAddress.Of(HttpContext)?.ToString(), ct);
        if (posted.Outcome == PostOutcome.Accepted)
        {
            var url = Url.Page("/Articles/Article", null, new { slug = target.Slug, comment = posted.Status == CommentStatus.Approved ? "published" : "received" }) + "#comments";
            return Redirect(url);
        }
        if (posted.Message is not null)
            form.Errors[""] = posted.Message;
        return await RefusedAsync(posted.Outcome switch
        {
            PostOutcome.RateLimited => StatusCodes.Status429TooManyRequests,
            PostOutcome.Closed or PostOutcome.Duplicate => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        }, CommentDesk.TryParseParent(parentId, out var parent) ? parent : null, ct);
    }

    /// <summary>The whole page again, with the reader's form and its errors, answered with <paramref name="status"/>.</summary>
    private async Task<IActionResult> RefusedAsync(int status, int? replyTo, CancellationToken ct)
    {
        var result = await LoadAsync(RouteSlug, ct);
        if (result is not null)
            return result;
        ReplyTo = replyTo;
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>"إبلاغ": one report per reader; enough reports hide the comment until a moderator looks.</summary>
    public async Task<IActionResult> OnPostReportAsync([FromForm] int commentId, CancellationToken ct)
    {
        if (!IsSameSite())
            return StatusCode(StatusCodes.Status403Forbidden);
        var result = await LoadAsync(RouteSlug, ct);
        if (result is not null)
            return result;
        if (!await FormIsReadableAsync() || ModelState[nameof(commentId)]?.Errors.Count > 0)
            return BadRequest();
        if (!await comments.ReportAsync(commentId, ClientAddress.Of(HttpContext)?.ToString(), ct))
            return NotFound();
        return Redirect(Url.Page("/Articles/Article", null, new { slug = Article.Slug, comment = "reported" }) + "#comments");
    }

    /// <summary>A post to a handler this page does not have (<c>?handler=Nope</c>) is a bad request, not an empty page.</summary>
    public IActionResult OnPost() => BadRequest();

    private string RouteSlug => RouteData.Values["slug"] as string ?? "";

    private async Task<bool> FormIsReadableAsync()
    {
        if (!Request.HasFormContentType)
            return false;
        try
        {
            await Request.ReadFormAsync();
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or ArgumentException or BadHttpRequestException)
        {
            return false;
        }
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

    /// <summary>An old slug of an article a reader may see redirects to its current one; anything else is a 404.</summary>
    private async Task<IActionResult> NotFoundOrRenamedAsync(string slug, CancellationToken ct)
    {
        var renamed = await db.ArticleSlugs.AsNoTracking()
            .Where(s => s.Slug == slug).Select(s => s.Article!)
            .Where(ArticleQueries.ReaderMaySee(clock.GetUtcNow().UtcDateTime))
            .Select(a => a.Slug)
            .FirstOrDefaultAsync(ct);
        return renamed is null ? NotFound() : RedirectToPagePermanent("/Articles/Article", new { slug = renamed });
    }

    /// <summary>
    /// The newest articles sharing the category or a tag: the newest few of each (an index range apiece, in one query),
    /// merged here. "Category or any tag" as one filter cannot use an index and walked the archive.
    /// </summary>
    private async Task<IReadOnlyList<ArticleCard>> RelatedAsync(Article article, DateTime now, CancellationToken ct)
    {
        var id = article.Id;
        var candidates = article.CategoryId is { } categoryId
            ? db.Public(now).Where(a => a.CategoryId == categoryId && a.Id != id).Latest().Take(RelatedCount).Select(a => new { a.Id, a.PublishedAt })
            : null;
        foreach (var tag in article.Tags.OrderBy(t => t.Id).Take(MaxRelatedTags))
        {
            var tagged = db.TaggedPage(tag.Id, now, 0, RelatedCount, excluding: id).Select(a => new { a.Id, a.PublishedAt });
            candidates = candidates is null ? tagged : candidates.Concat(tagged);
        }
        if (candidates is null)
            return [];
        var newest = (await candidates.ToListAsync(ct))
            .DistinctBy(c => c.Id)
            .OrderByDescending(c => c.PublishedAt).ThenByDescending(c => c.Id)
            .Take(RelatedCount)
            .Select(c => c.Id)
            .ToList();
        if (newest.Count == 0)
            return [];
        var cards = await db.Articles.Where(a => newest.Contains(a.Id)).ToCards().ToDictionaryAsync(c => c.Id, ct);
        return newest.Select(i => cards[i]).ToList();
    }

    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var article = await db.Public(now).AsNoTracking()
            .Include(a => a.Category)
            .Include(a => a.LeadImage)
            .Include(a => a.Tags)
            .Include(a => a.Authors)
            .Include(a => a.Sources)
            .AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Slug == slug, ct);
        if (article is null)
            return await NotFoundOrRenamedAsync(slug, ct);


        Article = article;
        var settings = (await site.GetAsync(ct)).Settings;

        Related = await RelatedAsync(article, now, ct);
        // Its own tags (the comments' one is this page's alone), and the articles it shows beside it.
        CacheTags.Add(HttpContext, CacheTags.Article(article.Id), CacheTags.Comments(article.Id));
        CacheTags.AddArticles(HttpContext, Related.Select(a => a.Id));

        Mode = CommentDesk.EffectiveMode(article, settings, now);
        var approved = db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id && c.Status == CommentStatus.Approved);
        ApprovedCount = await approved.CountAsync(ct);
        var topLevel = approved.Where(c => c.ParentId == null);
        Paging.TryParsePage(Request.Query["comments"].FirstOrDefault(), out var commentPage);
        CommentPaging = new Paging(commentPage, commentOptions.Value.PageSize, await topLevel.CountAsync(ct));
        var ordered = settings.CommentsNewestFirst
            ? topLevel.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            : topLevel.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id);
        Comments = await ordered.Skip(CommentPaging.Skip).Take(CommentPaging.PageSize).ToListAsync(ct);
        var ids = Comments.Select(c => c.Id).ToList();
        Replies = ids.Count == 0 ? new Dictionary<int, List<Comment>>() : (await approved.Where(c => c.ParentId != null && ids.Contains(c.ParentId.Value)).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(ct))
            .GroupBy(c => c.ParentId!.Value).ToDictionary(g => g.Key, g => g.ToList());
        return null;
    }
}
