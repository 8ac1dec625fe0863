using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Pages.Browse;

/// <summary>Category, tag and author pages: the same paginated list of published articles, 20 to a page.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = ReaderCachePolicy.FrontPolicy)]
public sealed class ListingModel(NashirDb db, TimeProvider clock) : PageModel
{
    public string Kind { get; private set; } = "";
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public Paging Paging { get; private set; } = new(1, Paging.DefaultPageSize, 0);
    public IReadOnlyList<ArticleCard> Articles { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string kind, string slug, CancellationToken ct)
    {
        if (!Paging.TryParsePage(Request.Query["page"].Count > 1 ? "" : Request.Query["page"].FirstOrDefault(), out var page))
            return BadRequest();

        var now = clock.GetUtcNow().UtcDateTime;
        var skip = (page - 1) * Paging.DefaultPageSize;
        var take = Paging.DefaultPageSize + 1;
        IQueryable<Article> cut;
        switch (kind)
        {
            case "category":
                var category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct);
                if (category is null)
                    return NotFound();
                (Name, Description) = (category.Name, category.Description);
                cut = db.Public(now).Where(a => a.CategoryId == category.Id).Latest().Skip(skip).Take(take);
                CacheTags.Add(HttpContext, CacheTags.Category(category.Id));
                break;
            case "tag":
                // A tag or author with nothing readers may see answers as one that does not exist.
                var tag = await db.PublicTags(now).AsNoTracking().FirstOrDefaultAsync(t => t.Slug == slug, ct);
                if (tag is null)
                {
                    // A renamed or merged tag: its old address leads to where the articles are now.
                    var current = await db.PublicTagFormerly(slug, now).Select(t => t.Slug).FirstOrDefaultAsync(ct);
                    return current is null ? NotFound() : RedirectToPagePermanent("/Browse/Listing", new { kind = "tag", slug = current });
                }
                Name = tag.Name;
                cut = db.TaggedPage(tag.Id, now, skip, take);
                CacheTags.Add(HttpContext, CacheTags.Tag(tag.Id));
                break;
            case "author":
                var author = await db.PublicAuthors(now).AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
                if (author is null)
                    return NotFound();
                (Name, Description) = (author.Name, author.Bio);
                cut = db.AuthorPage(author.Id, now, skip, take);
                CacheTags.Add(HttpContext, CacheTags.Author(author.Id));
                break;
            default:
                return NotFound();
        }

        (Kind, Slug) = (kind, slug);
        // Nothing is counted: one card past the page says whether a next page exists. Pages past the end, and past
        // ArticleQueries.MaxListed (a deep OFFSET walks that many index entries at most), answer 404.
        if (skip >= ArticleQueries.MaxListed)
            return NotFound();
        var cards = await cut.ToCards().ToListAsync(ct);
        Paging = new Paging(page, Paging.DefaultPageSize, skip + cards.Count);
        if (cards.Count == 0 && page > 1)
            return NotFound();
        Articles = cards.Take(Paging.DefaultPageSize).ToList();
        CacheTags.AddArticles(HttpContext, Articles.Select(a => a.Id));
        return Page();
    }

    // "page" is Razor Pages' own route value (the page name), so the query string is added by hand.
    public string PageUrl(int page) =>
        Url.Page("/Browse/Listing", new { kind = Kind, slug = Slug }) + (page == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $"?page={page}"));

    public string KindLabel => Kind switch
    {
        "tag" => "وسم",
        "author" => "كاتب",
        _ => "قسم",
    };
}
