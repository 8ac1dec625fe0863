using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Search;

namespace Nashir.Bench;

internal sealed record TitleRow(string Headline, string? CategorySlug);

internal sealed record BenchQuery(string Kind, SearchRequest Request);

/// <summary>
/// Reader queries made from the imported headlines with a fixed seed, so every run asks the same 1,000 questions:
/// words as readers type them, misspelt the ways Arabic readers do, in quotes, with exclusions, with filters.
/// </summary>
internal static class QueryMaker
{
    private const string Tashkeel = "\u064E\u064F\u0650\u0652\u0651\u064B";

    public static async Task<List<TitleRow>> LoadTitlesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        return await db.Public(ArticleQueries.Eventually).OrderBy(a => a.Id)
            .Select(a => new TitleRow(a.Headline, a.Category == null ? null : a.Category.Slug)).AsNoTracking().ToListAsync();
    }

    public static List<BenchQuery> Searches(IReadOnlyList<TitleRow> titles, int count, int seed)
    {
        var random = new Random(seed);
        var withDigits = titles.Where(t => t.Headline.Any(char.IsAsciiDigit)).ToList();
        var queries = new List<BenchQuery>(count);
        while (queries.Count < count)
        {
            var roll = random.Next(100);
            var title = titles[random.Next(titles.Count)];
            var words = Words(title.Headline);
            if (words.Count == 0)
                continue;
            BenchQuery query = roll switch
            {
                < 35 => new("words", new SearchRequest { Text = Span(words, random, random.Next(1, 4)) }),
                < 55 => new("variant spelling", new SearchRequest { Text = Variant(Span(words, random, random.Next(1, 4)), random) }),
                < 60 => Digits(withDigits.Count > 0 ? withDigits[random.Next(withDigits.Count)] : title, random),
                < 75 => new("\"phrase\"", new SearchRequest { Text = Quote(Span(words, random, random.Next(2, 4)), random) }),
                < 85 => new("-exclusion", new SearchRequest
                {
                    Text = Span(words, random, random.Next(1, 3)) + " -" + Exclusion(titles, random),
                }),
                < 93 => new("newest + category", new SearchRequest
                {
                    Text = Span(words, random, random.Next(1, 3)),
                    Category = title.CategorySlug,
                    Sort = SearchSort.Newest,
                }),
                < 97 => new("category", new SearchRequest { Text = Span(words, random, 1), Category = title.CategorySlug }),
                _ => new("newest", new SearchRequest { Text = Span(words, random, random.Next(1, 3)), Sort = SearchSort.Newest }),
            };
            queries.Add(query);
        }
        return queries;
    }

    /// <summary>What the search box sends while a reader types: whole words, then the start of the next one.</summary>
    public static List<string> Suggestions(IReadOnlyList<TitleRow> titles, int count, int seed)
    {
        var random = new Random(seed);
        var texts = new List<string>(count);
        while (texts.Count < count)
        {
            var words = Words(titles[random.Next(titles.Count)].Headline);
            if (words.Count < 2)
                continue;
            var start = random.Next(words.Count - 1);
            var whole = random.Next(0, Math.Min(3, words.Count - start));
            var sb = new StringBuilder();
            for (var i = 0; i < whole; i++)
                sb.Append(words[start + i]).Append(' ');
            var last = words[start + whole];
            sb.Append(random.Next(4) == 0 ? last + " " : last[..Math.Min(last.Length, random.Next(2, 5))]);
            var text = sb.ToString();
            texts.Add(random.Next(5) == 0 ? Variant(text, random) : text);
        }
        return texts;
    }

    /// <summary>The words of a headline without the punctuation around them.</summary>
    private static List<string> Words(string headline) =>
        headline.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('«', '»', '"', '\'', '(', ')', '[', ']', ':', '؛', '،', ',', '.', '!', '؟', '?', '-', '–', '…', '\u200F', '\u200E'))
            .Where(w => w.Length > 0 && w.Any(char.IsLetterOrDigit))
            .ToList();

    /// <summary>Consecutive words, starting at a word a reader would type (not a particle such as في or من).</summary>
    private static string Span(List<string> words, Random random, int length)
    {
        var starts = Enumerable.Range(0, words.Count).Where(i => words[i].Length >= 3).ToList();
        var start = starts.Count > 0 ? starts[random.Next(starts.Count)] : random.Next(words.Count);
        return string.Join(' ', words.Skip(start).Take(length));
    }

    private static string Quote(string text, Random random) => random.Next(3) == 0 ? "«" + text + "»" : "\"" + text + "\"";

    private static string Exclusion(IReadOnlyList<TitleRow> titles, Random random)
    {
        while (true)
        {
            var words = Words(titles[random.Next(titles.Count)].Headline).Where(w => w.Length >= 4).ToList();
            if (words.Count > 0)
                return words[random.Next(words.Count)];
        }
    }

    private static BenchQuery Digits(TitleRow title, Random random)
    {
        var words = Words(title.Headline);
        var at = words.FindIndex(w => w.Any(char.IsAsciiDigit));
        var start = Math.Max(0, at - random.Next(0, 2));
        var text = string.Join(' ', words.Skip(start).Take(2));
        return new("Arabic-Indic digits", new SearchRequest { Text = ArabicIndic(text) });
    }

    private static string ArabicIndic(string text) =>
        string.Concat(text.Select(c => char.IsAsciiDigit(c) ? (char)('\u0660' + (c - '0')) : c));

    /// <summary>One or two of the ways readers spell differently from the newsroom.</summary>
    private static string Variant(string text, Random random)
    {
        var changes = random.Next(3) == 0 ? 2 : 1;
        for (var n = 0; n < changes; n++)
        {
            text = random.Next(4) switch
            {
                0 => text.Replace('أ', 'ا').Replace('إ', 'ا').Replace('آ', 'ا'),
                1 => text.Replace('ة', 'ه'),
                2 => text.Replace('ى', 'ي'),
                _ => WithTashkeel(text, random),
            };
        }
        return text;
    }

    private static string WithTashkeel(string text, Random random)
    {
        var sb = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            sb.Append(c);
            if (c is >= '\u0621' and <= '\u064A' && random.Next(3) == 0)
                sb.Append(Tashkeel[random.Next(Tashkeel.Length)]);
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    public static string Describe(IReadOnlyDictionary<string, int> mix) =>
        string.Join(", ", mix.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value}")));
}
