using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;
using Nashir.Data;

namespace Nashir.Pages;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Site.ReaderCachePolicy.FrontPolicy)]
public sealed class IndexModel(NashirDb db, TimeProvider clock) : PageModel
{
    public const int LatestCount = 10;
    public const int PerCategory = 4;

    public ArticleCard? Lead { get; private set; }
    public IReadOnlyList<ArticleCard> Latest { get; private set; } = [];
    public IReadOnlyList<CategoryBlock> Blocks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var readerMaySee = ArticleQueries.ReaderMaySee(now);
        // The lead is the newest featured story, else the newest story.
        Lead = await db.Public(now).Where(a => a.IsFeatured).Latest().ToCards().FirstOrDefaultAsync(ct)
            ?? await db.Public(now).Latest().ToCards().FirstOrDefaultAsync(ct);
        var leadId = Lead?.Id ?? 0;
        Latest = await db.Public(now).Where(a => a.Id != leadId).Latest().Take(LatestCount).ToCards().ToListAsync(ct);

        // Two queries for all blocks, whatever their number: the newest ids per category (a window
        // function), then their cards. SQLite cannot run the card projection per category (no APPLY).
        var blocks = await db.Categories.AsNoTracking()
            .Where(c => c.InNavigation)
            .OrderBy(c => c.Position).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Slug,
                c.Name,
                Ids = c.Articles.AsQueryable().Where(readerMaySee)
                    .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
                    .Take(PerCategory).Select(a => a.Id).ToList(),
            })
            .ToListAsync(ct);
        var ids = blocks.SelectMany(b => b.Ids).ToList();
        var cards = await db.Articles.Where(a => ids.Contains(a.Id)).ToCards().ToDictionaryAsync(c => c.Id, ct);
        Blocks = blocks.Where(b => b.Ids.Count > 0)
            .Select(b => new CategoryBlock(b.Slug, b.Name, b.Ids.Select(id => cards[id]).ToList()))
            .ToList();
        Site.CacheTags.Add(HttpContext, Site.CacheTags.Fronts);
        Site.CacheTags.AddArticles(HttpContext, Blocks.SelectMany(b => b.Articles).Concat(Latest).Append(Lead).OfType<ArticleCard>().Select(c => c.Id));
    }

    public sealed record CategoryBlock(string Slug, string Name, IReadOnlyList<ArticleCard> Articles);
}
