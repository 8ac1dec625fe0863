using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Demo;

namespace Nashir.Tests.Demo;

public sealed class DemoContentTests
{
    [Fact]
    public async Task Seeding_twice_adds_nothing_the_second_time()
    {
        using var site = new NashirFactory(demoContent: true);
        _ = site.Services; // starts the site, which seeds once
        var before = await site.WithDbAsync(db => db.Articles.CountAsync());

        await using var scope = site.Services.CreateAsyncScope();
        var seededAgain = await scope.ServiceProvider.GetRequiredService<DemoContent>().SeedAsync();

        Assert.False(seededAgain);
        Assert.Equal(13, before);
        Assert.Equal(before, await site.WithDbAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task Demo_content_can_be_switched_off()
    {
        using var site = new NashirFactory(demoContent: false);
        _ = site.Services;

        Assert.Equal(0, await site.WithDbAsync(db => db.Articles.CountAsync()));
        var home = await site.CreateReader().GetDocumentAsync("/");
        Assert.Equal("لا توجد أخبار منشورة بعد.", home.QuerySelector(".empty")!.Text());
    }

    [Fact]
    public async Task Seed_article_has_every_field()
    {
        using var site = new NashirFactory(demoContent: true);
        _ = site.Services;

        var seed = await site.WithDbAsync(db => db.Articles
            .Include(a => a.Category).Include(a => a.Tags).Include(a => a.Sources).Include(a => a.LeadImage)
            .SingleAsync(a => a.Headline == DemoContent.SeedHeadline));

        Assert.Equal(DemoContent.SeedPublishedUtc, seed.PublishedAt);
        Assert.Equal("أعلام داعش", seed.LeadImageCaption);
        Assert.Equal("الرأي برس - وكالات", seed.Byline);
        Assert.Equal("الأناضول", Assert.Single(seed.Sources).Name);
        Assert.NotNull(seed.Category);
        Assert.NotEmpty(seed.Tags);
        Assert.All(Nashir.Media.MediaUrls.Files(seed.LeadImage!.Path, seed.LeadImage.Variants),
            f => Assert.True(File.Exists(Path.Combine(site.DataPath, "media", f)), f));
    }

    [Fact]
    public async Task Every_demo_picture_is_a_media_library_image_with_its_variants()
    {
        using var site = new NashirFactory(demoContent: true);
        _ = site.Services;

        var images = await site.WithDbAsync(db => db.Articles.Where(a => a.LeadImage != null)
            .Select(a => new { a.LeadImage!.ContentType, a.LeadImage.Variants, a.LeadImage.Width, a.LeadImage.Credit, a.LeadImage.Alt }).ToListAsync());

        Assert.Equal(7, images.Count);
        Assert.All(images, i =>
        {
            Assert.Equal("image/jpeg", i.ContentType);
            Assert.StartsWith("320,640", i.Variants, StringComparison.Ordinal);
            Assert.Equal("رسم توضيحي: نشر", i.Credit);
            Assert.False(string.IsNullOrEmpty(i.Alt));
        });
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(site.DataPath, "media"), "*.svg", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Database_is_a_sqlite_file_in_wal_mode_under_the_data_folder()
    {
        using var site = new NashirFactory();
        _ = site.Services;

        Assert.True(File.Exists(Path.Combine(site.DataPath, "nashir.db")));
        var mode = await site.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            return (string?)await command.ExecuteScalarAsync();
        });
        Assert.Equal("wal", mode);
    }
}
