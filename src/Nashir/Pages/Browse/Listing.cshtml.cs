using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Pages.Browse;

/// <summary>Category, tag and author pages: the same paginated list of published articles, 20 to a page.</summary>
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
        IQueryable<Article> articles;
        switch (kind)
        {
            case "category":
                var category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, ct);
                if (category is null)
                    return NotFound();
                (Name, Description) = (category.Name, category.Description);
                articles = db.Public(now).Where(a => a.CategoryId == category.Id);
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
                articles = db.Public(now).Where(a => a.Tags.Any(t => t.Id == tag.Id));
                break;
            case "author":
                var author = await db.PublicAuthors(now).AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
                if (author is null)
                    return NotFound();
                (Name, Description) = (author.Name, author.Bio);
                articles = db.Public(now).Where(a => a.Authors.Any(x => x.Id == author.Id));
                break;
            default:
                return NotFound();
        }

        (Kind, Slug) = (kind, slug);
        Paging = new Paging(page, Paging.DefaultPageSize, await articles.CountAsync(ct));
        if (Paging.IsBeyondEnd && page > 1)
            return NotFound();
        Articles = await articles.Latest().Skip(Paging.Skip).Take(Paging.PageSize).ToCards().ToListAsync(ct);
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
