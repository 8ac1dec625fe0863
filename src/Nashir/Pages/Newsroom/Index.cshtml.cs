using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;
using Nashir.Comments;
using Nashir.Data;

namespace Nashir.Pages.Newsroom;

/// <summary>The newsroom's first screen: what needs someone's attention now.</summary>
public sealed class IndexModel(NashirDb db, TimeProvider clock) : PageModel
{
    public const int PerList = 10;

    public IReadOnlyList<Row> MyDrafts { get; private set; } = [];
    public IReadOnlyList<Row> InReview { get; private set; } = [];
    public IReadOnlyList<Row> Scheduled { get; private set; } = [];
    public IReadOnlyList<Row> RecentlyPublished { get; private set; } = [];
    public IReadOnlyList<Row> Breaking { get; private set; } = [];
    public int PendingComments { get; private set; }
    public int ReportedComments { get; private set; }

    public sealed record Row(int Id, string Headline, ArticleStatus Status, DateTime CreatedAt, DateTime? PublishedAt, DateTime? ScheduledFor)
    {
        public DateTime When => Status switch
        {
            ArticleStatus.Scheduled => ScheduledFor ?? CreatedAt,
            ArticleStatus.Published => PublishedAt ?? CreatedAt,
            _ => CreatedAt,
        };
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var articles = db.Articles.AsNoTracking();
        MyDrafts = await Rows(articles.Where(a => a.CreatedById == me && a.Status == ArticleStatus.Draft).OrderByDescending(a => a.CreatedAt), ct);
        InReview = await Rows(articles.Where(a => a.Status == ArticleStatus.InReview).OrderBy(a => a.CreatedAt), ct);
        Scheduled = await Rows(articles.Where(a => a.Status == ArticleStatus.Scheduled).OrderBy(a => a.ScheduledFor), ct);
        RecentlyPublished = await Rows(articles.Where(a => a.Status == ArticleStatus.Published).OrderByDescending(a => a.PublishedAt), ct);
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-24);
        Breaking = await Rows(articles.Where(a => a.Status == ArticleStatus.Published).Where(a => a.IsBreaking && a.PublishedAt >= since).OrderByDescending(a => a.PublishedAt), ct);
        PendingComments = await db.Comments.CountAsync(c => c.Status == CommentStatus.Pending, ct);
        ReportedComments = await db.Comments.CountAsync(c => c.Status == CommentStatus.Pending && c.FlagCount > 0, ct);
    }

    private static async Task<IReadOnlyList<Row>> Rows(IQueryable<Article> query, CancellationToken ct) =>
        await query.Take(PerList)
            .Select(a => new Row(a.Id, a.Headline, a.Status, a.CreatedAt, a.PublishedAt, a.ScheduledFor))
            .ToListAsync(ct);
}
