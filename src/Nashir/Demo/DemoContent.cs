using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
public sealed class DemoContent(NashirDb db, IOptions<NashirOptions> options, TimeProvider clock)
{
    /// <summary>The seed article's publication time: Thursday 2024-09-26 23:29 in Aden (UTC+3).</summary>
    public static readonly DateTime SeedPublishedUtc = new(2024, 9, 26, 20, 29, 0, DateTimeKind.Utc);

    public const string SeedHeadline = "اجتماع أمني رفيع المستوي بين بريطانيا ومصر بالقاهرة لبحث تهديدات «داعش»";

    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        if (await db.Articles.AnyAsync(ct) || await db.Categories.AnyAsync(ct))
            return false;

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
            LeadImage = await SaveImageAsync("demo/flags.svg", DemoImages.Flags(), "أعلام داعش", ct),
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
            var image = story.Image is null
                ? null
                : await SaveImageAsync($"demo/story-{i + 1}.svg", story.Image(), story.Caption, ct);
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
                LeadImage = image,
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

    private async Task<MediaItem> SaveImageAsync(string path, string svg, string caption, CancellationToken ct)
    {
        var file = Path.Combine(options.Value.MediaPath, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, svg, ct);
        var item = new MediaItem
        {
            Path = path,
            ContentType = "image/svg+xml",
            Width = DemoImages.Width,
            Height = DemoImages.Height,
            Caption = caption,
            Alt = caption,
            Credit = "رسم توضيحي: نشر",
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Media.Add(item);
        return item;
    }

    private static string Paragraphs(IEnumerable<string> paragraphs) =>
        string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"));
}
