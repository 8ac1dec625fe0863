namespace Nashir.Search;

/// <summary>Settings under <c>Nashir:Search</c>. The ranking weights can be tuned without a rebuild.</summary>
public sealed class SearchOptions
{
    /// <summary>Weight of a match in the headline relative to the body. Default 3.</summary>
    public float HeadlineBoost { get; set; } = 3f;

    /// <summary>Weight of a match in the dek (summary). Default 1.5.</summary>
    public float DekBoost { get; set; } = 1.5f;

    /// <summary>Weight of a match in the tags. Default 2.</summary>
    public float TagBoost { get; set; } = 2f;

    /// <summary>
    /// How much newer articles are favoured in relevance order: the score is multiplied by
    /// 1 + RecencyWeight × H / (H + age in days), H being <see cref="RecencyHalfLifeDays"/>. 0 turns it off. Default 0.5.
    /// </summary>
    public float RecencyWeight { get; set; } = 0.5f;

    /// <summary>Age in days at which an article has half the recency bonus of one published now. Default 30.</summary>
    public float RecencyHalfLifeDays { get; set; } = 30f;

    /// <summary>How often the indexer looks for changes written by other processes (an import, another node). Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long applied outbox rows are kept, so an index rebuilt meanwhile can replay them. Default 2 days.</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(2);
}
