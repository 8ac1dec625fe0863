using Nashir.Social;

namespace Nashir.Tests.Social;

/// <summary>The text of posts: hashtags that survive the apps, HTML that cannot be injected, and Telegram's limits.</summary>
public sealed class SocialMessageTests
{
    [Theory]
    [InlineData("الشرق الأوسط", "#الشرق_الأوسط")]
    [InlineData("  كأس   العالم ", "#كأس_العالم")]
    [InlineData("كوفيد-19", "#كوفيد_19")]
    [InlineData("«غزة»", "#غزة")]
    [InlineData("مَصْرُ", "#مصر")]
    [InlineData("الأمم المتحدة (الأونروا)", "#الأمم_المتحدة_الأونروا")]
    [InlineData("ماذا بعد؟", "#ماذا_بعد")]
    [InlineData("اقتصـــاد", "#اقتصاد")]
    [InlineData("٢٠٢٤ عام الانتخابات", "#٢٠٢٤_عام_الانتخابات")]
    [InlineData("Premier League", "#Premier_League")]
    [InlineData("C#/.NET", "#CNET")]
    public void Hashtags_join_words_with_underscores_and_drop_what_breaks_them(string name, string expected) =>
        Assert.Equal(expected, SocialMessages.Hashtag(name));

    [Theory]
    [InlineData("2024")]
    [InlineData("!!! ؟")]
    [InlineData("")]
    public void Names_without_a_letter_make_no_hashtag(string name) => Assert.Null(SocialMessages.Hashtag(name));

    [Fact]
    public void Hashtags_put_the_category_first_skip_repeats_and_stop_at_six() =>
        Assert.Equal(["#سياسة", "#مصر", "#غزة", "#أ", "#ب", "#ج"],
            SocialMessages.Hashtags("سياسة", ["مصر", "مَصر", "غزة", "سياسة", "أ", "ب", "ج", "د"]));

    [Fact]
    public void A_long_dek_is_shortened_so_the_caption_fits_1024_and_keeps_headline_link_and_hashtags()
    {
        var dek = string.Concat(Enumerable.Repeat("تفاصيل & مزيد <من> الأخبار ", 80));
        var article = new SocialArticle("عنوان الخبر", dek, "https://alraai.example/article/x", "https://alraai.example/media/a.jpg", ["#سياسة"], IsUpdate: false);

        var caption = SocialMessages.TelegramHtml(article, SocialMessages.CaptionLimit);
        var message = SocialMessages.TelegramHtml(article, SocialMessages.MessageLimit);

        Assert.InRange(caption.Length, 900, 1024);
        Assert.StartsWith("<b>عنوان الخبر</b>\n\nتفاصيل &amp; مزيد &lt;من&gt;", caption, StringComparison.Ordinal);
        Assert.Contains("…\n\n<a href=\"https://alraai.example/article/x\">", caption, StringComparison.Ordinal);
        Assert.EndsWith("#سياسة", caption, StringComparison.Ordinal);
        Assert.DoesNotMatch("&[a-z]*…", caption); // never a cut entity
        Assert.True(message.Length <= 4096);
        Assert.True(message.Length > caption.Length);
    }

    [Fact]
    public void When_even_the_headline_is_too_long_hashtags_go_and_the_headline_is_cut_but_the_link_stays()
    {
        var article = new SocialArticle(string.Concat(Enumerable.Repeat("&<>", 300)), "موجز", "https://alraai.example/article/y", null,
            ["#وسم_طويل_جدا", "#آخر"], IsUpdate: true);

        var text = SocialMessages.TelegramHtml(article, 1024);

        Assert.True(text.Length <= 1024, $"{text.Length}");
        Assert.StartsWith("<b>تحديث: &amp;&lt;&gt;", text, StringComparison.Ordinal);
        Assert.EndsWith("<a href=\"https://alraai.example/article/y\">https://alraai.example/article/y</a>", text, StringComparison.Ordinal);
    }
}
