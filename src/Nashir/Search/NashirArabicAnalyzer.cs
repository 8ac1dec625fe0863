using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Ar;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;
using Nashir.Arabic;

namespace Nashir.Search;

// The one analysis chain for Arabic search: the Lucene index and the PostgreSQL tsvector (via Terms) both take their
// terms from here, so a spelling variant matches the same articles on either store.
// Chain: StandardTokenizer (drops «», punctuation) → ArabicText.NormalizeForMatching (NFKC, tashkeel incl. U+0670,
// tatweel, أ إ آ ٱ → ا, ى → ي, ة → ه, ی ک ھ, digit scripts, lower case) + hamza seats ؤ ئ → ء → ASCII folding →
// stop words (Lucene's Arabic list, normalized the same way) → light stemmer (stemmed mode only).
public sealed class NashirArabicAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private NashirArabicAnalyzer(bool stem, bool combined = false)
    {
        Stemmed = stem;
        Combined = combined;
    }

    /// <summary>
    /// For long text (dek, body): each word's stem, and at the same position the word as written marked with
    /// <see cref="ExactMark"/> when it differs from the stem (or is a stop word). One field then serves both word
    /// search and exact phrases, instead of indexing the body twice; <see cref="ExactTerm"/> names the term to use.
    /// </summary>
    public static NashirArabicAnalyzer CreateCombined() => new(stem: true, combined: true);

    public const char ExactMark = '=';

    public bool Combined { get; }

    /// <summary>The term a normalized, unstemmed word has in a combined field.</summary>
    public static string ExactTerm(string word) =>
        StopWords.Contains(word) || ArabicLightStemmer.Stem(word) != word ? ExactMark + word : word;

    // For headline, dek, body, tags: normalized, stop words removed, light-stemmed.
    public static NashirArabicAnalyzer CreateStemmed() => new(stem: true);

    // For exact phrases in quotes: normalized, but every word kept as written (prefixes, suffixes and stop words), so
    // "في القدس" matches only that phrase.
    public static NashirArabicAnalyzer CreateUnstemmed() => new(stem: false);

    public bool Stemmed { get; }

    internal static CharArraySet StopWords { get; } = BuildStopWords();

    public IEnumerable<string> Terms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new List<string>();
        using var stream = GetTokenStream("", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            terms.Add(term.ToString());
        stream.End();
        return terms;
    }

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new NashirNormalizationFilter(tokenizer);
        stream = new LatinFoldingFilter(stream);
        if (Combined)
        {
            stream = new NashirExactMarkFilter(stream);
        }
        else if (Stemmed)
        {
            stream = new StopFilter(Version, stream, StopWords);
            stream = new NashirLightStemFilter(stream);
        }

        return new TokenStreamComponents(tokenizer, stream);
    }

    private static CharArraySet BuildStopWords()
    {
        var set = new CharArraySet(Version, 128, ignoreCase: false);
        foreach (var word in ArabicAnalyzer.DefaultStopSet)
        {
            var normalized = NashirNormalizationFilter.Normalize(word);
            // REVIEW: "على" (on) normalizes to "علي", which is also the name Ali, common in news. A name is worth
            // more to a reader than one stop word, so the normalized form is kept as a term.
            if (normalized.Length > 0 && normalized != "علي")
                set.Add(normalized);
        }

        return set;
    }
}

// Latin accent folding (é → e) for mixed text, as ASCIIFoldingFilter does, but only for a word that has a character it
// could change: Arabic words, the bulk of every article, pass untouched instead of being copied through its table.
internal sealed class LatinFoldingFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private char[] _output = new char[64];

    public LatinFoldingFilter(TokenStream input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
            return false;
        var buffer = _term.Buffer;
        var length = _term.Length;
        for (var i = 0; i < length; i++)
        {
            if (buffer[i] >= '\u0080' && buffer[i] is not (>= '\u0600' and <= '\u06FF'))
            {
                // One character can fold to up to four (ǆ → dz, ⑽ → (10)).
                if (_output.Length < 4 * length)
                    _output = new char[4 * length];
                var folded = ASCIIFoldingFilter.FoldToASCII(buffer, 0, _output, 0, length);
                _term.CopyBuffer(_output, 0, folded);
                break;
            }
        }
        return true;
    }
}

// NFKC can turn one token into several words (ﷺ is a whole phrase), so the filter may emit extra tokens at the
// following positions, all carrying the original token's offsets.
internal sealed class NashirNormalizationFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _positionIncrement;
    private readonly Queue<string> _pending = new();
    private State? _state;

    public NashirNormalizationFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _positionIncrement = AddAttribute<IPositionIncrementAttribute>();
    }

    public static string Normalize(string token) =>
        ArabicText.NormalizeForMatching(token).Replace('\u0624', '\u0621').Replace('\u0626', '\u0621');

    public override bool IncrementToken()
    {
        if (_pending.Count > 0 && _state is not null)
        {
            RestoreState(_state);
            _term.SetEmpty().Append(_pending.Dequeue());
            _positionIncrement.PositionIncrement = 1;
            return true;
        }

        var skipped = 0;
        while (m_input.IncrementToken())
        {
            if (TryFoldInPlace())
            {
                _positionIncrement.PositionIncrement += skipped;
                return true;
            }
            if (_term.Length == 0)
            {
                skipped += _positionIncrement.PositionIncrement;
                continue;
            }

            var parts = Normalize(_term.ToString()).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                // A token of only tashkeel or tatweel: drop it but keep its position, so phrases stay aligned.
                skipped += _positionIncrement.PositionIncrement;
                continue;
            }

            _term.SetEmpty().Append(parts[0]);
            _positionIncrement.PositionIncrement += skipped;
            if (parts.Length > 1)
            {
                _state = CaptureState();
                foreach (var part in parts.AsSpan(1))
                    _pending.Enqueue(part);
            }

            return true;
        }

        return false;
    }

    // The common case without allocation: a word of plain Arabic letters, harakat and ASCII, which NFKC leaves as it
    // is, folded in the term's own buffer exactly as Normalize would. Returns false (buffer untouched) otherwise, or
    // with an empty term when the word was only harakat and tatweel.
    private bool TryFoldInPlace()
    {
        var buffer = _term.Buffer;
        var length = _term.Length;
        for (var i = 0; i < length; i++)
        {
            var c = buffer[i];
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or (>= '\u0621' and <= '\u0652')
                or (>= '\u0660' and <= '\u0669') or '\u0670' or '\u0671' or '\u06A9' or '\u06BE' or '\u06CC' or (>= '\u06F0' and <= '\u06F9')))
                return false;
        }
        var w = 0;
        for (var i = 0; i < length; i++)
        {
            var c = buffer[i];
            if (c is (>= '\u064B' and <= '\u0652') or '\u0670' or '\u0640')
                continue;
            c = ArabicText.FoldForMatching(c);
            buffer[w++] = c is '\u0624' or '\u0626' ? '\u0621' : c;
        }
        _term.Length = w;
        return w > 0;
    }

    public override void Reset()
    {
        base.Reset();
        _pending.Clear();
        _state = null;
    }
}

// Emits the stem of each word (none for a stop word) and, at the same position, "=word" when the word differs from
// its stem: see NashirArabicAnalyzer.CreateCombined.
internal sealed class NashirExactMarkFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private readonly IPositionIncrementAttribute _positionIncrement;
    private readonly IKeywordAttribute _keyword;

    // The word as written, kept while its stem goes out; reused, so a word costs no allocation.
    private char[] _exact = new char[32];
    private int _exactLength = -1;

    public NashirExactMarkFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _positionIncrement = AddAttribute<IPositionIncrementAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_exactLength >= 0)
        {
            // The other attributes (offsets, type) still hold the stem's token, which is this word: only the term and
            // the position change. Capturing and restoring the state would clone every attribute for each word.
            WriteExact(_exact, _exactLength);
            _positionIncrement.PositionIncrement = 0;
            _exactLength = -1;
            return true;
        }
        if (!m_input.IncrementToken())
            return false;
        var length = _term.Length;
        if (NashirArabicAnalyzer.StopWords.Contains(_term.Buffer, 0, length))
        {
            // A stop word has no stem token, only its exact form, so phrases such as "في القدس" still match.
            Keep(length);
            WriteExact(_exact, length);
            _exactLength = -1;
            return true;
        }
        if (_keyword.IsKeyword)
            return true;
        var (start, end, allah) = ArabicLightStemmer.StemRange(_term.Buffer.AsSpan(0, length));
        if (allah)
        {
            if (!_term.Buffer.AsSpan(0, length).SequenceEqual(ArabicLightStemmer.AllahStem))
            {
                Keep(length);
                _term.SetEmpty().Append(ArabicLightStemmer.AllahStem);
            }
        }
        else if (start != 0 || end != length)
        {
            Keep(length);
            Array.Copy(_term.Buffer, start, _term.Buffer, 0, end - start);
            _term.Length = end - start;
        }
        return true;
    }

    private void Keep(int length)
    {
        if (_exact.Length < length)
            _exact = new char[Math.Max(length, _exact.Length * 2)];
        Array.Copy(_term.Buffer, _exact, length);
        _exactLength = length;
    }

    private void WriteExact(char[] word, int length)
    {
        var buffer = _term.ResizeBuffer(length + 1);
        buffer[0] = NashirArabicAnalyzer.ExactMark;
        Array.Copy(word, 0, buffer, 1, length);
        _term.Length = length + 1;
    }

    public override void Reset()
    {
        base.Reset();
        _exactLength = -1;
    }
}

internal sealed class NashirLightStemFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private readonly IKeywordAttribute _keyword;

    public NashirLightStemFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
            return false;
        if (!_keyword.IsKeyword)
        {
            var (start, end, allah) = ArabicLightStemmer.StemRange(_term.Buffer.AsSpan(0, _term.Length));
            if (allah)
            {
                _term.SetEmpty().Append(ArabicLightStemmer.AllahStem);
            }
            else if (start != 0 || end != _term.Length)
            {
                Array.Copy(_term.Buffer, start, _term.Buffer, 0, end - start);
                _term.Length = end - start;
            }
        }

        return true;
    }
}
