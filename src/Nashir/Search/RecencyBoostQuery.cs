using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;

namespace Nashir.Search;

/// <summary>
/// BM25 relevance times a recency factor: 1 + weight × H / (H + age in days). A story from today scores up to
/// (1 + weight) times the same match in an old one; the factor falls smoothly and never below 1.
/// </summary>
internal sealed class RecencyBoostQuery(Query subQuery, long nowSeconds, float weight, float halfLifeDays) : CustomScoreQuery(subQuery)
{
    protected override CustomScoreProvider GetCustomScoreProvider(AtomicReaderContext context) =>
        new Provider(context, context.AtomicReader.GetNumericDocValues(SearchFields.PublishedValue), nowSeconds, weight, halfLifeDays);

    public override string Name => "recency";

    private sealed class Provider(AtomicReaderContext context, NumericDocValues? published, long nowSeconds, float weight, float halfLifeDays)
        : CustomScoreProvider(context)
    {
        public override float CustomScore(int doc, float subQueryScore, float valSrcScore) => subQueryScore * Factor(doc);

        public override float CustomScore(int doc, float subQueryScore, float[] valSrcScores) => subQueryScore * Factor(doc);

        private float Factor(int doc)
        {
            if (published is null)
                return 1f;
            var ageDays = Math.Max(0, (nowSeconds - published.Get(doc)) / 86400f);
            return 1f + (weight * halfLifeDays / (halfLifeDays + ageDays));
        }
    }
}
