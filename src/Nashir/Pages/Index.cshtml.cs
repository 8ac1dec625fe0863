using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Pages;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Site.ReaderCachePolicy.FrontPolicy)]
public sealed class IndexModel(NashirDb db, SiteContext site, TimeProvider clock) : PageModel
{
    public const int LatestCount = 10;
    public const int PerCategory = 4;

    public ArticleCard? Lead { get; private set; }
    public IReadOnlyList<ArticleCard> Latest { get; private set; } = [];
    public IReadOnlyList<CategoryBlock> Blocks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // The lead is the newest featured story, else the newest story.
        Lead = await db.Public(now).Where(a => a.IsFeatured).Latest().ToCards().FirstOrDefaultAsync(ct)
            ?? await db.Public(now).Latest().ToCards().FirstOrDefaultAsync(ct);
        var leadId = Lead?.Id ?? 0;
        Latest = await db.Public(now).Where(a => a.Id != leadId).Latest().Take(LatestCount).ToCards().ToListAsync(ct);

        // One short index range per category in the navigation, on (CategoryId, Status, PublishedAt): the query count
        // follows the navigation, never the archive. A window function over all published articles ranked the whole table.
        var blocks = new List<CategoryBlock>();
        foreach (var category in await site.GetNavigationAsync(ct))
        {
            var cards = await db.Public(now).Where(a => a.CategoryId == category.Id).Latest().Take(PerCategory).ToCards().ToListAsync(ct);
            if (cards.Count > 0)
                blocks.Add(new CategoryBlock(category.Slug, category.Name, cards));
        }
        Blocks = blocks;
        Site.CacheTags.Add(HttpContext, Site.CacheTags.Fronts);
        Site.CacheTags.AddArticles(HttpContext, Blocks.SelectMany(b => b.Articles).Concat(Latest).Append(Lead).OfType<ArticleCard>().Select(c => c.Id));
    }

    public sealed record CategoryBlock(string Slug, string Name, IReadOnlyList<ArticleCard> Articles);
}
