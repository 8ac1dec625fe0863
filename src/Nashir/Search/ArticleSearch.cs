using System.Diagnostics;
using System.Globalization;
using System.Net;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Search;

/// <summary>
/// Reader search over the index: every word must match (in any form the analyzer joins: hamza, ة/ه, ى/ي,
/// tashkeel, digits, prefixes and suffixes), "phrases" match in order, -words exclude; filters by category, tag,
/// author and date; relevance (BM25 with a recency boost) or date order; highlighted snippets. Results come back
/// as cards read from the database, so an article that stopped being public is never shown.
/// The index holds every article a reader may see now or when its time comes; a search leaves out the ones whose
/// publication time is still ahead (one clause on the few future dates), so they appear when their time comes,
/// with no reindex, and the hits are checked once more against the rule (<see cref="ArticleQueries.ReaderMaySee(DateTime)"/>).
/// </summary>
public sealed class ArticleSearch(SearchIndex index, NashirDb db, SiteContext site, TimeProvider clock, IOptions<SearchOptions> options)
{
    private static readonly Analyzer Analyzer = SearchFields.CreateAnalyzer();
    private static readonly NashirArabicAnalyzer Stemmed = NashirArabicAnalyzer.CreateStemmed();
    private static readonly NashirArabicAnalyzer Unstemmed = NashirArabicAnalyzer.CreateUnstemmed();
    private const int SnippetLength = 200;

    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        request = request with
        {
            Page = Math.Max(1, request.Page),
            PageSize = Math.Clamp(request.PageSize, 1, SearchLimits.MaxPageSize),
            Text = request.Text?.Trim(),
        };
        SearchResults Fail(SearchProblem problem, string? message) => new(request, [], 0, problem, false, message, watch.Elapsed, index.IsReady);

        var text = request.Text ?? "";
        if (text.Length > SearchLimits.MaxQueryLength)
            return Fail(SearchProblem.TooLong, $"نص البحث طويل جدًا. اكتب كلمات أقل (حتى {SearchLimits.MaxQueryLength} حرف).");
        var parsed = SearchQueryText.Parse(text);
        if (parsed.IsEmpty && !request.HasFilters)
            return text.Length == 0
                ? Fail(SearchProblem.Empty, "اكتب ما تبحث عنه.")
                : Fail(SearchProblem.NothingToSearch, "لم نجد في نص البحث كلمات يمكن البحث عنها. اكتب كلمة أو أكثر.");
        if (request.From is { } from && request.To is { } to && from > to)
            return Fail(SearchProblem.BadFilter, "تاريخ البداية بعد تاريخ النهاية. صحّح نطاق التاريخ.");
        if ((long)(request.Page - 1) * request.PageSize >= SearchLimits.MaxResults)
            return Fail(SearchProblem.PageTooDeep, $"نعرض أول {SearchLimits.MaxResults} نتيجة فقط. أضف كلمات أو حدد قسمًا أو تاريخًا لتضييق البحث.");

        var plan = Plan(parsed);
        if (plan.Positive.Count == 0 && !request.HasFilters)
            return Fail(SearchProblem.NothingToSearch, plan.Negative.Count > 0
                ? "أضف كلمة تبحث عنها إلى جانب الكلمات المستبعدة."
                : "لم نجد في نص البحث كلمات يمكن البحث عنها: الكلمات الشائعة جدًا (مثل «في» و«من») والرموز لا يُبحث بها.");

        // Only dates need the site's settings (its time zone); a plain search reads nothing else from the database.
        var zone = request.From is null && request.To is null ? TimeZoneInfo.Utc : (await site.GetAsync(ct)).Settings.TimeZone;
        var filter = BuildFilter(request, zone);
        using var lease = index.Acquire();
        if (lease is null)
            return new SearchResults(request, [], 0, SearchProblem.None, false, "فهرس البحث قيد الإنشاء. حاول بعد قليل.", watch.Elapsed, false);

        var want = request.Page * request.PageSize;
        var relaxed = false;
        var now = clock.GetUtcNow();
        var top = Run(lease.Searcher, Compose(plan, relaxed: false, now), filter, request.Sort, want);
        if (top.TotalHits == 0 && plan.Words >= 2)
        {
            relaxed = true;
            top = Run(lease.Searcher, Compose(plan, relaxed: true, now), filter, request.Sort, want);
        }

        var page = top.ScoreDocs.Skip((request.Page - 1) * request.PageSize).ToList();
        var stored = page.Select(d => (Doc: lease.Searcher.Doc(d.Doc), d.Score)).ToList();
        var ids = stored.Select(s => int.Parse(s.Doc.Get(SearchFields.Id, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)).ToList();
        var cards = await CardsAsync(ids, ct);
        var hits = new List<SearchHit>(ids.Count);
        foreach (var (doc, score) in stored)
        {
            var id = int.Parse(doc.Get(SearchFields.Id, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (!cards.TryGetValue(id, out var found))
                continue; // taken down a moment ago; the index is about to hear of it
            var (card, body) = found;
            hits.Add(new SearchHit(card, HighlightHeadline(plan, card.Headline), Snippet(plan, doc, body), float.IsNaN(score) ? 0 : score));
        }

        string? message = null;
        if (top.TotalHits == 0)
            message = request.HasFilters ? "لا توجد نتائج مطابقة. جرّب كلمات أخرى أو أزل بعض عوامل التصفية." : "لا توجد نتائج مطابقة. تحقق من الإملاء أو جرّب كلمات أقل أو أعم.";
        return new SearchResults(request, hits, top.TotalHits, SearchProblem.None, relaxed, message, watch.Elapsed, true);
    }

    // The body comes along for the snippets: the index does not store it (storing cost a fifth of indexing time), and
    // the database's copy is the newest anyway.
    private async Task<Dictionary<int, (ArticleCard Card, string Body)>> CardsAsync(List<int> ids, CancellationToken ct)
    {
        var bodies = await LiveAsync(ids, withBodies: true, ct);
        if (bodies.Count == 0)
            return [];
        var cards = await db.Articles.Where(a => bodies.Keys.Contains(a.Id)).ToCards().ToListAsync(ct);
        return cards.ToDictionary(c => c.Id, c => (c, bodies[c.Id]));
    }

    // The ones among ids a reader may see now (with their bodies when asked, else ""). By primary key first, then the
    // rule checked in memory: with the status in the same WHERE, SQLite prefers the (Status, PublishedAt) index and
    // walks every published article.
    private async Task<Dictionary<int, string>> LiveAsync(List<int> ids, bool withBodies, CancellationToken ct)
    {
        if (ids.Count == 0)
            return [];
        var rows = db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id));
        var found = withBodies
            ? await rows.Select(a => new Article { Id = a.Id, Status = a.Status, PublishedAt = a.PublishedAt, Slug = "", Headline = "", Body = a.Body }).ToListAsync(ct)
            : await rows.Select(a => new Article { Id = a.Id, Status = a.Status, PublishedAt = a.PublishedAt, Slug = "", Headline = "" }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return found.Where(a => a.ReaderMaySee(now)).ToDictionary(a => a.Id, a => a.Body);
    }

    /// <summary>
    /// Headlines containing the words typed so far, the last one possibly unfinished; newest first. Like results, they
    /// are checked against the database (one primary-key query), so an article taken down a moment ago is not offered.
    /// </summary>
    public async Task<IReadOnlyList<SearchSuggestion>> SuggestAsync(string? text, int max = 8, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 100)
            return [];
        var terms = Unstemmed.Terms(text).ToList();
        if (terms.Count == 0 || (terms.Count == 1 && terms[0].Length < 2))
            return [];
        var query = new BooleanQuery();
        var complete = char.IsWhiteSpace(text[^1]);
        for (var i = 0; i < terms.Count; i++)
        {
            var term = new Term(SearchFields.HeadlineExact, terms[i]);
            query.Add(i == terms.Count - 1 && !complete ? new PrefixQuery(term) : new TermQuery(term), Occur.MUST);
        }
        query.Add(NotYetDue(clock.GetUtcNow()), Occur.MUST_NOT);
        List<(int Id, string Headline, string Slug)> found;
        using (var lease = index.Acquire())
        {
            if (lease is null)
                return [];
            var top = lease.Searcher.Search(query, null, Math.Clamp(max, 1, 20), new Sort(new SortField(SearchFields.PublishedValue, SortFieldType.INT64, true)));
            found = top.ScoreDocs
                .Select(d => lease.Searcher.Doc(d.Doc))
                .Select(d => (int.Parse(d.Get(SearchFields.Id, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                    d.Get(SearchFields.Headline, CultureInfo.InvariantCulture), d.Get(SearchFields.Slug, CultureInfo.InvariantCulture)))
                .ToList();
        }
        var live = await LiveAsync(found.Select(f => f.Id).ToList(), withBodies: false, ct);
        return found.Where(f => live.ContainsKey(f.Id)).Select(f => new SearchSuggestion(f.Headline, NashirLinks.Article(f.Slug))).ToList();
    }

    private TopDocs Run(IndexSearcher searcher, Query query, Filter? filter, SearchSort sort, int want)
    {
        if (sort == SearchSort.Newest)
            return searcher.Search(query, filter, want, new Sort(new SortField(SearchFields.PublishedValue, SortFieldType.INT64, true)));
        var o = options.Value;
        if (o.RecencyWeight > 0)
            query = new RecencyBoostQuery(query, clock.GetUtcNow().ToUnixTimeSeconds(), o.RecencyWeight, Math.Max(0.01f, o.RecencyHalfLifeDays));
        return searcher.Search(query, filter, want);
    }

    /// <summary>The parsed text as Lucene clauses: one group per word (any of its fields), one per phrase.</summary>
    private sealed record QueryPlan(List<Query> Positive, List<Query> Negative, List<string> HighlightTerms, int Words)
    {
        public List<Query> WordGroups { get; } = [];
        public List<Query> PhraseGroups { get; } = [];

        /// <summary>The stemmed terms to mark in headlines and snippets.</summary>
        public HashSet<string> HighlightSet => field ??= new HashSet<string>(HighlightTerms, StringComparer.Ordinal);
    }

    private QueryPlan Plan(SearchQueryText parsed)
    {
        var o = options.Value;
        (string Field, float Boost)[] fields =
        [
            (SearchFields.Headline, o.HeadlineBoost), (SearchFields.Dek, o.DekBoost), (SearchFields.Body, 1f),
            (SearchFields.TagNames, o.TagBoost), (SearchFields.CategoryName, 1f), (SearchFields.People, 1f),
        ];
        // The headline has an unstemmed twin; dek and body are combined fields, where a word's exact term is ExactTerm(word).
        (string Field, float Boost, bool Combined)[] exactFields =
            [(SearchFields.HeadlineExact, o.HeadlineBoost, false), (SearchFields.Dek, o.DekBoost, true), (SearchFields.Body, 1f, true)];
        var highlight = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var plan = new QueryPlan([], [], highlight, 0);
        var words = 0;

        Query TermGroup(string term)
        {
            var group = new DisjunctionMaxQuery(0.1f);
            foreach (var (field, boost) in fields)
                group.Add(new TermQuery(new Term(field, term)) { Boost = boost });
            return group;
        }

        Query? PhraseGroup(string phrase)
        {
            var positions = Positions(Unstemmed, phrase);
            if (positions.Count == 0)
                return null;
            var group = new DisjunctionMaxQuery(0.1f);
            foreach (var (field, boost, combined) in exactFields)
            {
                Term TermOf(string word) => new(field, combined ? NashirArabicAnalyzer.ExactTerm(word) : word);
                if (positions.Count == 1)
                {
                    group.Add(new TermQuery(TermOf(positions[0].Term)) { Boost = boost });
                    continue;
                }
                var q = new PhraseQuery { Boost = boost };
                foreach (var (term, position) in positions)
                    q.Add(TermOf(term), position);
                group.Add(q);
            }
            return group;
        }

        foreach (var word in parsed.Words)
        {
            foreach (var term in Stemmed.Terms(word))
            {
                if (!seen.Add(term))
                    continue;
                var group = TermGroup(term);
                plan.Positive.Add(group);
                plan.WordGroups.Add(group);
                highlight.Add(term);
                words++;
            }
        }
        foreach (var phrase in parsed.Phrases)
        {
            if (PhraseGroup(phrase) is { } group)
            {
                plan.Positive.Add(group);
                plan.PhraseGroups.Add(group);
                highlight.AddRange(Stemmed.Terms(phrase));
            }
        }
        foreach (var word in parsed.ExcludedWords)
            foreach (var term in Stemmed.Terms(word))
                plan.Negative.Add(TermGroup(term));
        foreach (var phrase in parsed.ExcludedPhrases)
            if (PhraseGroup(phrase) is { } group)
                plan.Negative.Add(group);
        return plan with { Words = words };
    }

    /// <summary>Articles dated after <paramref name="now"/>: in the index, not yet for readers. A range over the few future dates, so cheap.</summary>
    private static Query NotYetDue(DateTimeOffset now) =>
        NumericRangeQuery.NewInt64Range(SearchFields.Published, now.ToUnixTimeSeconds(), null, minInclusive: false, maxInclusive: true);

    private static Query Compose(QueryPlan plan, bool relaxed, DateTimeOffset now)
    {
        var query = new BooleanQuery();
        if (relaxed)
        {
            var any = new BooleanQuery();
            foreach (var group in plan.WordGroups)
                any.Add(group, Occur.SHOULD);
            query.Add(any, Occur.MUST);
            foreach (var group in plan.PhraseGroups)
                query.Add(group, Occur.MUST);
        }
        else
        {
            foreach (var group in plan.Positive)
                query.Add(group, Occur.MUST);
        }
        if (plan.Positive.Count == 0)
            query.Add(new MatchAllDocsQuery(), Occur.MUST);
        foreach (var group in plan.Negative)
            query.Add(group, Occur.MUST_NOT);
        query.Add(NotYetDue(now), Occur.MUST_NOT);
        return query;
    }

    private static List<(string Term, int Position)> Positions(Analyzer analyzer, string text)
    {
        var result = new List<(string, int)>();
        using var stream = analyzer.GetTokenStream("", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            result.Add((term.ToString(), position));
        }
        stream.End();
        return result;
    }

    private static Filter? BuildFilter(SearchRequest request, TimeZoneInfo zone)
    {
        if (!request.HasFilters)
            return null;
        var filter = new BooleanQuery();
        if (request.Category is { } category)
            filter.Add(new TermQuery(new Term(SearchFields.Category, category)), Occur.MUST);
        if (request.Tag is { } tag)
            filter.Add(new TermQuery(new Term(SearchFields.Tag, tag)), Occur.MUST);
        if (request.Author is { } author)
            filter.Add(new TermQuery(new Term(SearchFields.Author, author)), Occur.MUST);
        if (request.From is not null || request.To is not null)
        {
            // Dates are the site's calendar days: from the start of "from" to the end of "to", in the site's time zone.
            long? Start(DateOnly d) => new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(TimeOnly.MinValue), zone)).ToUnixTimeSeconds();
            var min = request.From is { } f ? Start(f) : null;
            var max = request.To is { } t ? Start(t.AddDays(1)) : null;
            filter.Add(NumericRangeQuery.NewInt64Range(SearchFields.Published, min, max, true, false), Occur.MUST);
        }
        return new QueryWrapperFilter(filter);
    }

    private static string HighlightHeadline(QueryPlan plan, string headline) =>
        Passage.MarkAll(Analyzer, SearchFields.Headline, headline, plan.HighlightSet) ?? WebUtility.HtmlEncode(headline);

    private static string Snippet(QueryPlan plan, Lucene.Net.Documents.Document doc, string bodyHtml)
    {
        var dek = doc.Get(SearchFields.Dek, CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(dek) && Passage.Around(Analyzer, SearchFields.Dek, dek, plan.HighlightSet, SnippetLength) is { } inDek)
            return inDek;
        var body = HtmlText.ToPlainText(bodyHtml);
        if (body.Length > 0 && Passage.Around(Analyzer, SearchFields.Body, body, plan.HighlightSet, SnippetLength) is { } inBody)
            return inBody;
        // The match was in a tag, the category or a name: show the opening instead.
        var opening = string.IsNullOrEmpty(dek) ? body : dek;
        if (opening.Length > SnippetLength)
        {
            var cut = opening.LastIndexOf(' ', SnippetLength);
            opening = opening[..(cut > SnippetLength / 2 ? cut : SnippetLength)] + " …";
        }
        return WebUtility.HtmlEncode(opening);
    }
}
