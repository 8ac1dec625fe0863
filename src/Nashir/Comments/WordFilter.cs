using System.Text;
using Microsoft.EntityFrameworkCore;
using Nashir.Arabic;
using Nashir.Data;

namespace Nashir.Comments;

/// <summary>
/// The banned and suspect words lists, matched after Arabic normalization: hamza forms, ة/ه, ى/ي, tashkeel,
/// tatweel ("كـــلـــب") and letters spaced apart ("ك ل ب") all match the listed word, with or without a
/// prefix such as و، ف، ب، ال. Lookups are hash-set probes per word, so thousands of entries cost nothing.
/// The lists are cached for 30 seconds (and dropped at once on this node when edited).
/// </summary>
public sealed class WordFilter(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private static readonly string[] Prefixes = ["وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ل", "ك"];
    private const int MaxPhraseWords = 4;

    private volatile Lists? _lists;

    public sealed record Match(IReadOnlyList<string> Banned, IReadOnlyList<string> Suspect);

    private sealed record Lists(Dictionary<string, string> Banned, Dictionary<string, string> Suspect, DateTimeOffset LoadedAt);

    public void Invalidate() => _lists = null;

    public async Task<Match> MatchAsync(string text, CancellationToken ct = default)
    {
        var lists = await GetListsAsync(ct);
        var banned = new List<string>();
        var suspect = new List<string>();
        foreach (var candidate in Candidates(text))
        {
            if (lists.Banned.TryGetValue(candidate, out var b) && !banned.Contains(b))
                banned.Add(b);
            if (lists.Suspect.TryGetValue(candidate, out var s) && !suspect.Contains(s))
                suspect.Add(s);
        }
        return new Match(banned, suspect);
    }

    public static string Normalize(string word) => string.Join(' ', Words(word));

    /// <summary>Every word and short phrase of the text, with and without prefixes, letters spaced apart joined.</summary>
    public static IEnumerable<string> Candidates(string text)
    {
        var words = JoinSpacedLetters(Words(text));
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var variant in Variants(words[i]))
                yield return variant;
            var phrase = new StringBuilder(words[i]);
            for (var n = 1; n < MaxPhraseWords && i + n < words.Count; n++)
            {
                phrase.Append(' ').Append(words[i + n]);
                yield return phrase.ToString();
            }
        }
    }

    private static List<string> Words(string text)
    {
        var normalized = ArabicText.NormalizeForMatching(text);
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in normalized)
        {
            // Hamza on a seat is written both ways in practice (مسئول / مسؤول / مسءول): match them as one.
            var c = raw is 'ؤ' or 'ئ' ? 'ء' : raw;
            if (char.IsLetterOrDigit(c))
                current.Append(c);
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
            words.Add(current.ToString());
        return words;
    }

    /// <summary>"ك ل ب" → "كلب": runs of three or more single letters are read as one word too.</summary>
    private static List<string> JoinSpacedLetters(List<string> words)
    {
        var result = new List<string>(words);
        for (var i = 0; i < words.Count;)
        {
            var j = i;
            while (j < words.Count && words[j].Length == 1)
                j++;
            if (j - i >= 3)
                result.Add(string.Concat(words.Skip(i).Take(j - i)));
            i = j == i ? i + 1 : j;
        }
        return result;
    }

    private static IEnumerable<string> Variants(string word)
    {
        yield return word;
        foreach (var prefix in Prefixes)
        {
            if (word.Length - prefix.Length >= 2 && word.StartsWith(prefix, StringComparison.Ordinal))
                yield return word[prefix.Length..];
        }
    }

    private async Task<Lists> GetListsAsync(CancellationToken ct)
    {
        var lists = _lists;
        if (lists is not null && clock.GetUtcNow() - lists.LoadedAt < CacheFor)
            return lists;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var words = await db.CommentWords.AsNoTracking().Select(w => new { w.Normalized, w.Word, w.Kind }).ToListAsync(ct);
        lists = new Lists(
            words.Where(w => w.Kind == WordListKind.Banned).DistinctBy(w => w.Normalized).ToDictionary(w => w.Normalized, w => w.Word, StringComparer.Ordinal),
            words.Where(w => w.Kind == WordListKind.Suspect).DistinctBy(w => w.Normalized).ToDictionary(w => w.Normalized, w => w.Word, StringComparer.Ordinal),
            clock.GetUtcNow());
        _lists = lists;
        return lists;
    }
}
