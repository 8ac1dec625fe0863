namespace Nashir.ContentApi;

/// <summary>Settings under <c>Nashir:ContentApi</c>: the read-only JSON API at <c>/api/v1</c>.</summary>
public sealed class ContentApiOptions
{
    public const string Section = "ContentApi";

    /// <summary>
    /// Every request needs a key (header <c>X-Api-Key</c>, or <c>?key=</c>). Default true. With false the API is
    /// open to anyone, and its answers may be kept by shared caches (<c>Cache-Control: public</c>).
    /// </summary>
    public bool RequireKey { get; set; } = true;

    /// <summary>
    /// Origins (<c>https://app.example</c>) whose browser scripts may call the API (CORS). Default none: only
    /// servers and apps, which CORS does not concern, can use it. Applies to <c>/api/v1</c> only.
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>How long clients may reuse an answer without asking again, in seconds. Default 60.</summary>
    public int MaxAgeSeconds { get; set; } = 60;
}
