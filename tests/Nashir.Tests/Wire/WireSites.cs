using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Wire;

namespace Nashir.Tests.Wire;

/// <summary>A site whose wire feeds point at a <see cref="StubAgency"/>, with loopback allowed and small limits so failures come fast.</summary>
internal static class WireSites
{
    public static NashirFactory WithFeeds(params (string Name, string Url, string Format, string? Source)[] feeds)
    {
        var site = new NashirFactory()
            .With("Nashir:Wire:AllowPrivateAddresses", "true")
            .With("Nashir:Wire:Timeout", "00:00:02")
            .With("Nashir:Wire:MaxResponseBytes", "300000")
            .With("Nashir:Wire:MaxRedirects", "2");
        for (var i = 0; i < feeds.Length; i++)
        {
            var prefix = $"Nashir:Wire:Feeds:{i}:";
            site.With(prefix + "Name", feeds[i].Name).With(prefix + "Url", feeds[i].Url).With(prefix + "Format", feeds[i].Format)
                .With(prefix + "Source", feeds[i].Source).With(prefix + "IntervalMinutes", "15");
        }
        return site;
    }

    public static NashirFactory WithFeed(string url, string format = "auto", string name = "الأناضول") =>
        WithFeeds((name, url, format, name));

    public static Task<WirePollResult> PollAsync(this NashirFactory site, string feed = "الأناضول") =>
        site.Services.GetRequiredService<WirePoller>().PollAsync(feed);

    public static Task<List<WireItem>> WireItemsAsync(this NashirFactory site) =>
        site.WithDbAsync(db => db.WireItems.AsNoTracking().OrderBy(w => w.Id).ToListAsync());

    public static Task<WireFeedStatus> FeedStatusAsync(this NashirFactory site, string feed = "الأناضول") =>
        site.WithDbAsync(db => db.WireFeeds.AsNoTracking().SingleAsync(f => f.FeedName == feed));
}
