namespace Nashir.Social;

/// <summary>
/// Settings under <c>Nashir:Social</c>. A channel posts only when it is configured (Telegram: bot token and chat;
/// Facebook: page id and page access token); with neither, nothing is queued.
/// </summary>
public sealed class SocialOptions
{
    public TelegramOptions Telegram { get; set; } = new();
    public FacebookOptions Facebook { get; set; } = new();

    /// <summary>Attempts before an item that keeps meeting temporary errors is marked failed. Default 8 (about an hour of backoff).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How often the queue is checked when nothing wakes the worker (other nodes' publishes, retries). Default 15 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Wait after the first temporary failure; it doubles with each further one. Default 30 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between two attempts. Default 1 hour.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Time allowed for one call to Telegram or Facebook. Default 20 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// An item still "sending" this long after its attempt began was interrupted (the process stopped, or its
    /// result could not be saved): it becomes "unknown" and is never re-sent on its own. Twice the timeout plus a minute.
    /// </summary>
    public TimeSpan SendingLease => Timeout + Timeout + TimeSpan.FromMinutes(1);

    public bool IsActive(SocialChannel channel) => channel switch
    {
        SocialChannel.Telegram => Telegram.IsConfigured,
        SocialChannel.Facebook => Facebook.IsConfigured,
        _ => false,
    };

    public IEnumerable<SocialChannel> ActiveChannels() =>
        Enum.GetValues<SocialChannel>().Where(IsActive);
}

/// <summary>The Telegram channel (Bot API). The bot must be an administrator of the channel with the right to post.</summary>
public sealed class TelegramOptions
{
    /// <summary>The token BotFather gives, <c>123456:ABC…</c>. Secret: never logged or shown. Default none.</summary>
    public string? BotToken { get; set; }

    /// <summary>The channel: <c>@name</c> for a public channel, or its numeric id (<c>-100…</c>). Default none.</summary>
    public string? ChatId { get; set; }

    /// <summary>Default <c>https://api.telegram.org</c> (tests point it at a local stub).</summary>
    public string ApiBase { get; set; } = "https://api.telegram.org";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BotToken) && !string.IsNullOrWhiteSpace(ChatId);
}

/// <summary>The Facebook page (Graph API page feed).</summary>
public sealed class FacebookOptions
{
    /// <summary>The page's numeric id. Default none.</summary>
    public string? PageId { get; set; }

    /// <summary>A long-lived page access token with pages_manage_posts. Secret: never logged or shown. Default none.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Default <c>https://graph.facebook.com/v19.0</c>.</summary>
    public string ApiBase { get; set; } = "https://graph.facebook.com/v19.0";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(PageId) && !string.IsNullOrWhiteSpace(AccessToken);
}
