using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.StaticFiles;

namespace Nashir.Site;

/// <summary>
/// Cache headers for wwwroot's files. A file asked for by its current fingerprint (<c>?v=</c>, as
/// <c>asp-append-version</c> and fonts.css write it) never changes under that address, so browsers and shared
/// caches keep it for a year without asking again; a changed file gets a new address. Any other request keeps
/// the default (validators only): no fingerprint, or an old or foreign one, since a node still on the previous
/// release must not get its file cached for a year under the new release's address.
/// </summary>
public static class StaticAssetCaching
{
    public const string Fingerprinted = "public, max-age=31536000, immutable";

    public static void Apply(StaticFileResponseContext file)
    {
        var http = file.Context;
        var asked = http.Request.Query["v"];
        if (asked.Count != 1 || string.IsNullOrEmpty(asked[0]))
            return;
        var current = http.RequestServices.GetRequiredService<IFileVersionProvider>()
            .AddFileVersionToPath(PathString.Empty, http.Request.Path.Value!);
        if (current.EndsWith("?v=" + asked[0], StringComparison.Ordinal))
            http.Response.Headers.CacheControl = Fingerprinted;
    }
}
