using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;

namespace Nashir.Tests.Newsroom;

/// <summary>Readers' links to a tag keep working after the newsroom renames or merges it.</summary>
public sealed class TagAddressTests
{
    /// <summary>A tag on a published article (a tag on nothing readers may see has no address at all).</summary>
    private static async Task<int> AddTagAsync(NashirFactory site, string name, string slug)
    {
        var article = await site.PublishAsync("خبر موسوم بـ" + name);
        return await site.WithDbAsync(async db =>
        {
            var tag = new Tag { Name = name, Slug = slug };
            (await db.Articles.Include(a => a.Tags).SingleAsync(a => a.Id == article.Id)).Tags.Add(tag);
            await db.SaveChangesAsync();
            return tag.Id;
        });
    }

    [Fact]
    public async Task Old_address_of_a_renamed_tag_redirects_permanently()
    {
        using var site = new NashirFactory();
        var id = await AddTagAsync(site, "كورونا", "كورونا");
        var editor = await site.SignInAsync(Roles.Editor);

        using (var rename = await editor.SubmitFormAsync($"/newsroom/taxonomy/tags?edit={id}", "#rename-tag", ("Name", "كوفيد 19")))
            Assert.Equal(HttpStatusCode.Redirect, rename.StatusCode);

        using var old = await site.CreateReader().GetAsync(NashirFactory.ListingPath("tag", "كورونا"));
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal(NashirFactory.ListingPath("tag", "كوفيد-19"), old.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Addresses_of_a_merged_tag_lead_to_the_kept_one()
    {
        using var site = new NashirFactory();
        var from = await AddTagAsync(site, "قطاع غزة", "قطاع-غزة");
        await AddTagAsync(site, "غزة", "غزة");
        await site.WithDbAsync(async db =>
        {
            db.TagSlugs.Add(new TagSlug { Slug = "غزه-قديم", TagId = from });
            await db.SaveChangesAsync();
        });
        var editor = await site.SignInAsync(Roles.Editor);

        using (var merge = await editor.SubmitFormAsync($"/newsroom/taxonomy/tags?edit={from}", "#merge-tag", ("Into", "غزة")))
            Assert.Equal(HttpStatusCode.Redirect, merge.StatusCode);

        foreach (var oldSlug in new[] { "قطاع-غزة", "غزه-قديم" })
        {
            using var old = await site.CreateReader().GetAsync(NashirFactory.ListingPath("tag", oldSlug));
            Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
            Assert.Equal(NashirFactory.ListingPath("tag", "غزة"), old.Headers.Location!.OriginalString);
        }
        Assert.Equal(2, await site.WithDbAsync(db => db.TagSlugs.CountAsync()));
    }

    [Fact]
    public async Task Unknown_tag_is_still_a_404()
    {
        using var site = new NashirFactory();

        using var response = await site.CreateReader().GetAsync(NashirFactory.ListingPath("tag", "لا-يوجد"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
