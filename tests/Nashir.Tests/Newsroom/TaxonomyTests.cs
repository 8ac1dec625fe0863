using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Audit;

namespace Nashir.Tests.Newsroom;

public sealed class TaxonomyTests
{
    [Fact]
    public async Task Editor_creates_a_category_with_its_order_and_navigation_choice()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);

        using var response = await editor.SubmitFormAsync("/newsroom/taxonomy", "#category-form",
            ("Name", "رياضة"), ("Description", "أخبار الملاعب"), ("Position", "٣"), ("InNavigation", "true"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var category = await site.WithDbAsync(db => db.Categories.SingleAsync());
        Assert.Equal(("رياضة", "رياضة", "أخبار الملاعب", 3, true), (category.Name, category.Slug, category.Description, category.Position, category.InNavigation));
        Assert.Contains("رياضة", (await editor.GetDocumentAsync("/newsroom/taxonomy")).QuerySelector("#categories")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_category_name_is_refused_in_arabic_next_to_the_field()
    {
        using var site = new NashirFactory();
        await site.CreateCategoryAsync("اقتصاد");
        var editor = await site.SignInAsync(Roles.Editor);

        using var response = await editor.SubmitFormAsync("/newsroom/taxonomy", "#category-form",
            ("Name", "اقتصاد"), ("Description", "وصف كتبه المحرر"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadAsync();
        Assert.Equal("يوجد قسم باسم «اقتصاد». اختر اسماً آخر.", page.QuerySelector("#name-error")!.Text());
        Assert.Equal("وصف كتبه المحرر", page.QuerySelector("#description")!.TextContent);
        Assert.Equal(1, await site.WithDbAsync(db => db.Categories.CountAsync()));
    }

    [Fact]
    public async Task Category_in_use_is_not_deleted_and_an_unused_one_is()
    {
        using var site = new NashirFactory();
        var used = await site.CreateCategoryAsync("محليات");
        var unused = await site.CreateCategoryAsync("منوعات");
        await site.PublishAsync("خبر محلي", categoryId: used.Id);
        var editor = await site.SignInAsync(Roles.Editor);

        using var refused = await editor.SubmitFormAsync($"/newsroom/taxonomy?edit={used.Id}", "#delete-category");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("لا يمكن حذف القسم «محليات» لأنه مستخدم في مقال واحد. انقل مقالاته إلى قسم آخر أولاً، أو أخفِه من القائمة.",
            (await refused.ReadAsync()).QuerySelector(".form-errors")!.Text());

        using var deleted = await editor.SubmitFormAsync($"/newsroom/taxonomy?edit={unused.Id}", "#delete-category");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(["محليات"], await site.WithDbAsync(db => db.Categories.Select(c => c.Name).ToListAsync()));
    }

    [Fact]
    public async Task Merging_a_tag_moves_its_articles_to_the_kept_tag_and_deletes_it()
    {
        using var site = new NashirFactory();
        var (from, into) = await site.WithDbAsync(async db =>
        {
            var a = new Tag { Name = "قطاع غزة", Slug = "قطاع-غزة" };
            var b = new Tag { Name = "غزة", Slug = "غزة" };
            db.Tags.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a, b);
        });
        var onlyOld = await site.PublishAsync("خبر بالوسم القديم");
        var both = await site.PublishAsync("خبر بالوسمين");
        var onlyNew = await site.PublishAsync("خبر بالوسم الجديد");
        await site.WithDbAsync(async db =>
        {
            var tags = await db.Tags.ToDictionaryAsync(t => t.Id);
            foreach (var article in await db.Articles.Include(a => a.Tags).ToListAsync())
            {
                if (article.Id == onlyOld.Id || article.Id == both.Id)
                    article.Tags.Add(tags[from.Id]);
                if (article.Id == onlyNew.Id || article.Id == both.Id)
                    article.Tags.Add(tags[into.Id]);
            }
            await db.SaveChangesAsync();
        });
        var editor = await site.SignInAsync(Roles.Editor);

        using var response = await editor.SubmitFormAsync($"/newsroom/taxonomy/tags?edit={from.Id}", "#merge-tag", ("Into", "غزة"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var tagged = await site.WithDbAsync(db => db.Articles.Where(a => a.Tags.Any(t => t.Id == into.Id)).Select(a => a.Id).OrderBy(id => id).ToListAsync());
        Assert.Equal(new[] { onlyOld.Id, both.Id, onlyNew.Id }.Order(), tagged);
        Assert.False(await site.WithDbAsync(db => db.Tags.AnyAsync(t => t.Id == from.Id)));
        Assert.True(await site.WithDbAsync(db => db.AuditLog.AnyAsync(e => e.Action == AuditActions.TagsMerged)));
        var list = await editor.GetDocumentAsync("/newsroom/taxonomy/tags");
        Assert.Equal("3", list.QuerySelector($"tr[data-tag-id='{into.Id}'] .count")!.Text());
    }

    [Fact]
    public async Task Renamed_tag_takes_a_slug_from_its_new_name_that_no_other_tag_has()
    {
        using var site = new NashirFactory();
        var tagId = await site.WithDbAsync(async db =>
        {
            db.Tags.Add(new Tag { Name = "الانتخابات", Slug = "الانتخابات" });
            var tag = new Tag { Name = "انتخابات 2024", Slug = "انتخابات-2024" };
            db.Tags.Add(tag);
            await db.SaveChangesAsync();
            return tag.Id;
        });
        var editor = await site.SignInAsync(Roles.Editor);

        // «الانتخابات!» is another name but the same slug as the existing tag.
        using var response = await editor.SubmitFormAsync($"/newsroom/taxonomy/tags?edit={tagId}", "#rename-tag", ("Name", "الانتخابات!"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var tag = await site.WithDbAsync(db => db.Tags.SingleAsync(t => t.Id == tagId));
        Assert.Equal(("الانتخابات!", "الانتخابات-2"), (tag.Name, tag.Slug));
    }

    [Fact]
    public async Task Duplicate_source_name_is_refused_in_arabic()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);
        using var created = await editor.SubmitFormAsync("/newsroom/taxonomy/sources", "#source-form", ("Name", "الأناضول"), ("Website", "https://www.aa.com.tr/ar"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        using var again = await editor.SubmitFormAsync("/newsroom/taxonomy/sources", "#source-form", ("Name", "الأناضول"), ("Website", "not a url"));

        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var page = await again.ReadAsync();
        Assert.Equal("يوجد مصدر باسم «الأناضول».", page.QuerySelector("#name-error")!.Text());
        Assert.Equal("اكتب رابطاً كاملاً يبدأ بـ https:// أو اترك الحقل فارغاً.", page.QuerySelector("#url-error")!.Text());
    }

    [Fact]
    public async Task Editor_gives_an_author_a_photo_from_the_media_library()
    {
        using var site = new NashirFactory();
        var photoId = await site.WithDbAsync(async db =>
        {
            var item = new Nashir.Media.MediaItem { Path = "2024/10/face.jpg", ContentType = "image/jpeg", Caption = "صورة الكاتبة", CreatedAt = site.Clock.GetUtcNow().UtcDateTime };
            db.Media.Add(item);
            await db.SaveChangesAsync();
            return item.Id;
        });
        var editor = await site.SignInAsync(Roles.Editor);
        var form = await editor.GetDocumentAsync("/newsroom/taxonomy/authors");
        Assert.Equal("صورة الكاتبة", form.QuerySelector($"#photo option[value='{photoId}']")!.Text());

        using var response = await editor.SubmitFormAsync("/newsroom/taxonomy/authors", "#author-form",
            ("Name", "منى الحسيني"), ("Bio", "مراسلة الشؤون البرلمانية."), ("PhotoId", photoId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var author = await site.WithDbAsync(db => db.Authors.SingleAsync());
        Assert.Equal(("منى-الحسيني", photoId), (author.Slug, author.PhotoId));
    }

    [Theory]
    [InlineData("/newsroom/taxonomy")]
    [InlineData("/newsroom/taxonomy/tags")]
    [InlineData("/newsroom/taxonomy/authors")]
    [InlineData("/newsroom/taxonomy/sources")]
    public async Task Writers_are_forbidden_the_taxonomy_pages(string path)
    {
        using var site = new NashirFactory();
        var writer = await site.SignInAsync(Roles.Writer);

        using var response = await writer.GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_edit_id_is_a_bad_request()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);

        using var response = await editor.GetAsync("/newsroom/taxonomy?edit=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
