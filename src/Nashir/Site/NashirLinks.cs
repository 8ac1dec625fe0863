using Nashir.Arabic;

namespace Nashir.Site;

/// <summary>Reader-site addresses built outside a request's routing (newsroom, feeds, tests).</summary>
public static class NashirLinks
{
    public static string Article(string slug) => "/article/" + Slugs.ToUrlSegment(slug);
}
