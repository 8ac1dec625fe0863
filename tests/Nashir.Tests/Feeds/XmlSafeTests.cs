using System.Xml;
using Nashir.Feeds;

namespace Nashir.Tests.Feeds;

public sealed class XmlSafeTests
{
    [Theory]
    [InlineData("عنوان\u0001 عاجل", "عنوان عاجل")]
    [InlineData("سطر\u000Bعمودي\u000C", "سطرعمودي")]
    [InlineData("\uFFFE\uFFFFنص", "نص")]
    [InlineData("سطر\nثان\tو\rثالث", "سطر\nثان\tو\rثالث")]
    [InlineData("رمز \U0001F4F0 & <b> ]]>", "رمز \U0001F4F0 & <b> ]]>")]
    [InlineData("", "")]
    public void Clean_drops_what_xml_forbids_and_keeps_the_rest(string input, string expected)
    {
        var cleaned = XmlSafe.Clean(input);

        Assert.Equal(expected, cleaned);
        XmlConvert.VerifyXmlChars(cleaned);
    }

    [Fact]
    public void Clean_drops_lone_surrogates_and_keeps_pairs() // not as InlineData: the runner would mend them on the way
    {
        var input = string.Concat("بديل ", "\uD800", "وحيد ", "\uDC00", "\uD83D\uDCF0", "\uDC00\uD83D");

        Assert.Equal("بديل وحيد \uD83D\uDCF0", XmlSafe.Clean(input));
    }

    [Fact]
    public void Clean_text_is_returned_as_is()
    {
        const string text = "خبر عادي بلا مشكلات";

        Assert.Same(text, XmlSafe.Clean(text));
    }
}
