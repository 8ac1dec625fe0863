using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Articles;
using Nashir.Data;

namespace Nashir.Social;

/// <summary>
/// Puts posts on the social queue, in the caller's unit of work so they commit with the publish itself. Called
/// explicitly where an article goes live for readers (the editor's publish, scheduled publishing) and nowhere
/// else: a bulk import publishes thousands of old articles and must never post them.
/// </summary>
public sealed class SocialQueue(IOptions<SocialOptions> options)
{
    /// <summary>
    /// After an editor's or the scheduler's save: a first publication queues a post per active channel; a save of a
    /// live article with <paramref name="repost"/> queues an update. Publishing again after an unpublish posts
    /// nothing new (the article was announced once), unless the editor ticks repost.
    /// </summary>
    public async Task EnqueueAsync(NashirDb db, Article article, bool wasPublished, bool repost, DateTime now, CancellationToken ct)
    {
        if (article.Status != ArticleStatus.Published)
            return;
        var queued = false;
        foreach (var channel in options.Value.ActiveChannels())
        {
            var announced = wasPublished || (article.Id != 0 && await db.Set<SocialPost>().AnyAsync(
                p => p.ArticleId == article.Id && p.Channel == channel && p.Kind == SocialPostKind.Publish, ct));
            if (!announced)
                Add(SocialPostKind.Publish, 0);
            else if (repost && !(article.Id != 0 && await db.Set<SocialPost>().AnyAsync(
                p => p.ArticleId == article.Id && p.Channel == channel && p.Kind == SocialPostKind.Update && p.Sequence == article.Version, ct)))
                Add(SocialPostKind.Update, article.Version);

            void Add(SocialPostKind kind, int sequence)
            {
                db.Set<SocialPost>().Add(new SocialPost
                {
                    Article = article,
                    Channel = channel,
                    Kind = kind,
                    Sequence = sequence,
                    Status = SocialPostStatus.Pending,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
                queued = true;
            }
        }
        if (queued)
            SocialSignal.RaiseLater();
    }
}

/// <summary>Wakes this process's poster when a post is queued, so it goes out within moments of the publish.</summary>
public static class SocialSignal
{
    public static event Action? Enqueued;

    internal static void Raise() => Enqueued?.Invoke();

    /// <summary>The rows commit with the caller's transaction, a moment later; the regular poll is the fallback.</summary>
    internal static void RaiseLater() => _ = Task.Delay(200).ContinueWith(_ => Raise(), TaskScheduler.Default);
}
