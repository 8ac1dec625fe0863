using Nashir.Arabic;

namespace Nashir.Site;

/// <summary>Reader-site addresses built outside a request's routing (newsroom, feeds, sitemaps, social posts, tests).</summary>
public static class NashirLinks
{
    public static string Article(string slug) => "/article/" + Slugs.ToUrlSegment(slug);

    public static string Category(string slug) => "/category/" + Slugs.ToUrlSegment(slug);

    public static string Tag(string slug) => "/tag/" + Slugs.ToUrlSegment(slug);

    public static string Author(string slug) => "/author/" + Slugs.ToUrlSegment(slug);

    /// <summary>
    /// The site's origin for absolute links: <see cref="NashirOptions.PublicUrl"/> when set (behind a proxy,
    /// in background jobs), else the request's own scheme and host. No trailing slash.
    /// </summary>
    public static string Origin(string? publicUrl, HttpRequest? request)
    {
        if (!string.IsNullOrWhiteSpace(publicUrl))
            return publicUrl.TrimEnd('/');
        if (request is not null && request.Host.HasValue)
            return request.Scheme + "://" + request.Host.ToUriComponent();
        return "http://localhost";
    }

    /// <summary><paramref name="path"/> (already percent-encoded, starting with /) on the site's origin.</summary>
    public static string Absolute(string? publicUrl, HttpRequest? request, string path) => Origin(publicUrl, request) + path;
}
