using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Search;
using Nashir.Site;

namespace Nashir.Bench;

/// <summary>
/// Where a search's time goes (--profile): the parts of <see cref="ArticleSearch.SearchAsync"/> timed one by one over the
/// same queries. The query below is a simplified copy of ArticleSearch's private Plan (words only, default boosts, no
/// recency boost), close enough to show which part dominates; snippets use the product's own Passage.
/// </summary>
internal static class SearchProfile
{
    private static readonly string[] Fields =
        [SearchFields.Headline, SearchFields.Dek, SearchFields.Body, SearchFields.TagNames, SearchFields.CategoryName, SearchFields.People];

    public static async Task<IReadOnlyList<string>> RunAsync(IServiceProvider services, IReadOnlyList<SearchRequest> requests)
    {
        var lines = new List<string>();
        void Line(string part, double[] ms) => lines.Add(Row(part, ms));
        var stemmed = NashirArabicAnalyzer.CreateStemmed();
        var analyzer = SearchFields.CreateAnalyzer();
        var index = services.GetRequiredService<SearchIndex>();
        var n = requests.Count;

        var frame = new double[n];
        var cards = new double[n];
        var lucene = new double[n];
        var stored = new double[n];
        var highlight = new double[n];
        for (var i = 0; i < n; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var start = Stopwatch.GetTimestamp();
            await scope.ServiceProvider.GetRequiredService<SiteContext>().GetAsync();
            frame[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            var terms = SearchQueryText.Parse(requests[i].Text).Words.SelectMany(stemmed.Terms).Distinct(StringComparer.Ordinal).ToList();
            if (terms.Count == 0)
                terms = SearchQueryText.Parse(requests[i].Text).Phrases.SelectMany(stemmed.Terms).Distinct(StringComparer.Ordinal).ToList();
            var query = new BooleanQuery();
            foreach (var term in terms)
            {
                var group = new DisjunctionMaxQuery(0.1f);
                foreach (var field in Fields)
                    group.Add(new TermQuery(new Term(field, term)) { Boost = field == SearchFields.Headline ? 3f : 1f });
                query.Add(group, Occur.MUST);
            }
            using var lease = index.Acquire() ?? throw new InvalidOperationException("No index.");
            start = Stopwatch.GetTimestamp();
            var top = lease.Searcher.Search(query, 10);
            lucene[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            start = Stopwatch.GetTimestamp();
            var docs = top.ScoreDocs.Select(d => lease.Searcher.Doc(d.Doc)).ToList();
            stored[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            var ids = docs.Select(d => int.Parse(d.Get(SearchFields.Id, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)).ToList();
            start = Stopwatch.GetTimestamp();
            var found = await db.Public(ArticleQueries.Eventually).Where(a => ids.Contains(a.Id)).Select(a => new { a.Headline, a.Body }).ToListAsync();
            await db.Public(ArticleQueries.Eventually).Where(a => ids.Contains(a.Id)).ToCards().ToListAsync();
            cards[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            start = Stopwatch.GetTimestamp();
            var set = terms.ToHashSet(StringComparer.Ordinal);
            foreach (var article in found)
            {
                Passage.MarkAll(analyzer, SearchFields.Headline, article.Headline, set);
                Passage.Around(analyzer, SearchFields.Body, HtmlText.ToPlainText(article.Body), set, 200);
            }
            highlight[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Line("`SiteContext.GetAsync` (SearchAsync asks it for the time zone: settings, navigation, last update, breaking)", frame);
        Line("Lucene search, top 10 (words as DisjunctionMax over 6 fields)", lucene);
        Line("stored fields of the 10 hits (`IndexSearcher.Doc`)", stored);
        Line("database cards and bodies of the hits (`Public(…).Where(ids)`: bodies, then `ToCards()`)", cards);
        Line("marks in the headline + body snippet of the hits (`Passage`, re-analysing the text)", highlight);
        return lines;
    }

    private static string Row(string part, double[] ms)
    {
        var sorted = ms.Order().ToArray();
        double P(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"| {part} | {ms.Average():0.00} ms | {P(0.5):0.00} ms | {P(0.95):0.00} ms |");
    }
}
