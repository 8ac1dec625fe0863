using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Media;
using Nashir.Social;

namespace Nashir.Tests.Social;

internal static class SocialSteps
{
    /// <summary>Creates and publishes an article through the editor form, as an editor does; returns its id.</summary>
    public static async Task<int> PublishInEditorAsync(this HttpClient editor, string headline, params (string, string)[] more)
    {
        using var response = await editor.SubmitFormAsync("/newsroom/articles/new", "#article-form",
            [("Headline", headline), ("Body", "<p>نص الخبر.</p>"), ("action", "publish"), .. more]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
    }

    /// <summary>One round of the poster: everything due by the test clock is sent (waits for a round under way).</summary>
    public static Task<int> SendDueAsync(this NashirFactory site) => site.Services.GetRequiredService<SocialPoster>().SendDueAsync();

    public static Task<List<SocialPost>> PostsAsync(this NashirFactory site) =>
        site.WithDbAsync(db => db.SocialPosts.AsNoTracking().OrderBy(p => p.Id).ToListAsync());

    public static async Task<SocialPost> PostAsync(this NashirFactory site, SocialChannel channel) =>
        Assert.Single(await site.PostsAsync(), p => p.Channel == channel);

    public static Task<MediaItem> AddPhotoAsync(this NashirFactory site) => site.WithDbAsync(async db =>
    {
        var item = new MediaItem
        {
            Path = "2024/10/lead",
            ContentType = "image/jpeg",
            Width = 1600,
            Height = 900,
            Variants = "640,1280,1600",
            CreatedAt = site.Clock.GetUtcNow().UtcDateTime,
        };
        db.Media.Add(item);
        await db.SaveChangesAsync();
        return item;
    });
}
