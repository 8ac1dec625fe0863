using Lucene.Net.Search.Highlight;

namespace Nashir.Search;

/// <summary>Encodes only what HTML needs (&amp; &lt; &gt; and quotes): Arabic text stays as characters, not numeric entities.</summary>
internal sealed class MarkEncoder : IEncoder
{
    public string EncodeText(string originalText) => System.Net.WebUtility.HtmlEncode(originalText);
}
