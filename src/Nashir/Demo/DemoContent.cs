using System.Net;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Nashir.Arabic;
using Nashir.Articles;
using Nashir.Comments;
using Nashir.Data;
using Nashir.Media;

namespace Nashir.Demo;

/// <summary>
/// Seeds an empty database with the seed article page and short demo articles written for Nashir,
/// so a first run looks like a working news site. Runs only when the database has no articles and
/// no categories, so it never touches a newsroom's real content. Off with <c>Nashir:DemoContent=false</c>.
/// </summary>
public sealed class DemoContent(NashirDb db, IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>The seed article's publication time: Thursday 2024-09-26 23:29 in Aden (UTC+3).</summary>
    public static readonly DateTime SeedPublishedUtc = new(2024, 9, 26, 20, 29, 0, DateTimeKind.Utc);

    public const string SeedHeadline = "اجتماع أمني رفيع المستوي بين بريطانيا ومصر بالقاهرة لبحث تهديدات «داعش»";

    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Articles.AnyAsync(ct) || await db.Categories.AnyAsync(ct))
            return false;

        // The pictures first, side by side (encoding them is most of the seeding time), each committed by its upload.
        // REVIEW: if seeding fails after this, the pictures stay in the media library, unused; the next start seeds anew.
        var seedImage = UploadAsync(DemoImages.Flags, "flags.jpg", "أعلام داعش", "رايات سوداء مرفوعة على سواري أمام سماء داكنة", ct);
        var storyImages = DemoText.Stories
            .Select((s, i) => s.Image is { } draw ? UploadAsync(draw, $"story-{i + 1}.jpg", s.Caption, s.Caption, ct) : Task.FromResult<int?>(null))
            .ToArray();
        await Task.WhenAll([seedImage, .. storyImages]);

        var now = clock.GetUtcNow().UtcDateTime;
        var categories = DemoText.Categories
            .Select((c, i) => new Category { Slug = c.Slug, Name = c.Name, Description = c.Description, Position = i })
            .ToDictionary(c => c.Slug, StringComparer.Ordinal);
        db.Categories.AddRange(categories.Values);

        var tags = new Dictionary<string, Tag>(StringComparer.Ordinal);
        Tag TagFor(string name)
        {
            if (!tags.TryGetValue(name, out var tag))
                tags[name] = tag = new Tag { Name = name, Slug = Slugs.Slugify(name) };
            return tag;
        }

        var anadolu = new Source { Name = "الأناضول" };
        var desk = new Author { Name = "محرر نشر التجريبي", Slug = "محرر-نشر-التجريبي", Bio = "حساب تجريبي يأتي مع المحتوى التجريبي لنظام نشر." };
        db.Sources.Add(anadolu);
        db.Authors.Add(desk);

        var seed = new Article
        {
            Slug = Slugs.Slugify(SeedHeadline),
            Headline = SeedHeadline,
            Dek = "وفد بريطاني من المسؤولين وخبراء مكافحة الإرهاب يشارك في حوار أمني مع الحكومة المصرية.",
            Body = Paragraphs(DemoText.SeedBody),
            Status = ArticleStatus.Published,
            CreatedAt = SeedPublishedUtc,
            PublishedAt = SeedPublishedUtc,
            Category = categories["عربي-ودولي"],
            Byline = "الرأي برس - وكالات",
            LeadImageId = await seedImage,
            LeadImageCaption = "أعلام داعش",
            LeadImageCredit = "رسم توضيحي: نشر",
            LeadImageAlt = "رايات سوداء مرفوعة على سواري أمام سماء داكنة",
            IsFeatured = true,
            Tags = [TagFor("داعش"), TagFor("مصر"), TagFor("بريطانيا"), TagFor("مكافحة الإرهاب")],
            Sources = [anadolu],
            SeoDescription = "وفد بريطاني يشارك في اجتماع للحوار الأمني مع الحكومة المصرية في القاهرة لبحث التهديدات الإرهابية في ليبيا وسيناء والعراق وسوريا.",
        };
        db.Articles.Add(seed);

        for (var i = 0; i < DemoText.Stories.Length; i++)
        {
            var story = DemoText.Stories[i];
            var published = now.AddHours(-(i * 5) - 1);
            var image = await storyImages[i];
            db.Articles.Add(new Article
            {
                Slug = Slugs.Slugify(story.Headline),
                Headline = story.Headline,
                Dek = story.Dek,
                Body = Paragraphs(story.Body),
                Status = ArticleStatus.Published,
                CreatedAt = published,
                PublishedAt = published,
                Category = categories[story.Category],
                Byline = "نشر - محتوى تجريبي",
                LeadImageId = image,
                LeadImageCaption = image is null ? null : story.Caption,
                LeadImageCredit = image is null ? null : "رسم توضيحي: نشر",
                LeadImageAlt = image is null ? null : story.Caption,
                IsBreaking = i == 0,
                Authors = [desk],
                Tags = [.. story.Tags.Select(TagFor), TagFor("محتوى تجريبي")],
            });
        }

        db.Comments.Add(new Comment
        {
            Article = seed,
            Name = "قارئ تجريبي",
            Subject = "تعليق تجريبي",
            Text = "هذا تعليق تجريبي يأتي مع المحتوى التجريبي ليظهر شكل قسم التعليقات.",
            Status = CommentStatus.Approved,
            CreatedAt = SeedPublishedUtc.AddHours(2),
            ModeratedAt = SeedPublishedUtc.AddHours(3),
        });

        await db.SaveChangesAsync(ct);
        return true;
    }

    // Through the media library's upload, as an editor's picture: verified, stripped, and saved at the standard widths.
    private Task<int?> UploadAsync(Func<byte[]> draw, string fileName, string caption, string alt, CancellationToken ct) => Task.Run<int?>(async () =>
    {
        var jpeg = draw();
        await using var scope = scopes.CreateAsyncScope();
        using var file = new MemoryStream(jpeg, writable: false);
        var saved = await scope.ServiceProvider.GetRequiredService<MediaStore>()
            .SaveUploadAsync(file, fileName, jpeg.Length, new MediaDetails(caption, Credit, alt), Newsroom, ct);
        return saved.Succeeded ? saved.Item.Id : throw new InvalidOperationException($"The demo picture {fileName} was refused: {saved.Error}");
    }, ct);

    private const string Credit = "رسم توضيحي: نشر";

    // The demo's pictures are uploaded by no one in particular.
    private static readonly ClaimsPrincipal Newsroom = new(new ClaimsIdentity());

    private static string Paragraphs(IEnumerable<string> paragraphs) =>
        string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"));
}
