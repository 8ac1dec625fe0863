using System.Globalization;
using System.Text;

namespace Nashir.Arabic.Tests;

public class SlugsTests
{
    [Fact]
    public void Seed_headline_keeps_its_arabic_words_and_drops_the_guillemets() =>
        Assert.Equal(
            "اجتماع-أمني-رفيع-المستوي-بين-بريطانيا-ومصر-بالقاهرة-لبحث-تهديدات-داعش",
            Slugs.Slugify("اجتماع أمني رفيع المستوي بين بريطانيا ومصر بالقاهرة لبحث تهديدات «داعش»"));

    [Theory]
    [InlineData("الإرهابيّة", "الإرهابية")]
    [InlineData("مَرْحَبًا بِكُمْ", "مرحبا-بكم")]
    [InlineData("الرحمٰن", "الرحمن")]
    [InlineData("جمـــيل جـدا", "جميل-جدا")]
    [InlineData("قمة G20 في الرياض", "قمة-g20-في-الرياض")]
    [InlineData("عام ٢٠٢٤ الحاسم", "عام-2024-الحاسم")]
    [InlineData("ميزانية ۱۴۰۳", "ميزانية-1403")]
    [InlineData("Breaking NEWS: Élection", "breaking-news-élection")]
    [InlineData("  ...مصر!!  ؟ والسودان،   اليوم؛  ", "مصر-والسودان-اليوم")]
    [InlineData("“اقتباس” و\"آخر\"", "اقتباس-و-آخر")]
    [InlineData("a/b\\c_d", "a-b-c-d")]
    [InlineData("سطر\nجديد\tو\u00A0مسافة", "سطر-جديد-و-مسافة")]
    public void Slug_keeps_letters_and_digits_and_hyphenates_the_rest(string text, string expected) =>
        Assert.Equal(expected, Slugs.Slugify(text));

    [Theory]
    [InlineData("اجتماع أمني", "اجتماع-أمني")]
    [InlineData("مدرسة المستقبل", "مدرسة-المستقبل")]
    [InlineData("مستشفى الشفاء", "مستشفى-الشفاء")]
    public void Slug_keeps_hamza_taa_marbuta_and_alef_maqsura_as_written(string text, string expected) =>
        Assert.Equal(expected, Slugs.Slugify(text));

    [Fact]
    public void Lam_alef_ligature_and_presentation_forms_become_plain_letters() =>
        Assert.Equal("لا-سلام", Slugs.Slugify("\uFEFB \uFEB3\uFEFC\uFEE1"));

    [Fact]
    public void Decomposed_hamza_is_composed_into_its_letter() =>
        Assert.Equal("أمني", Slugs.Slugify("ا\u0654مني"));

    [Theory]
    [InlineData("رفيع\u200Fالمستوى", "رفيعالمستوى")]
    [InlineData("\u202Eداعش\u202C", "داعش")]
    [InlineData("مي\u200Dزان \u200Bالقوى", "ميزان-القوى")]
    [InlineData("\uFEFFعنوان", "عنوان")]
    public void Invisible_characters_are_dropped_without_splitting_words(string text, string expected) =>
        Assert.Equal(expected, Slugs.Slugify(text));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("«»!؟…—")]
    [InlineData("\u200F\u200B")]
    [InlineData("ـــ")]
    public void Text_with_nothing_usable_gives_an_empty_slug(string text) =>
        Assert.Equal("", Slugs.Slugify(text));

    [Theory]
    [InlineData("اجتماع أمني رفيع المستوى", 12, "اجتماع-أمني")]
    [InlineData("اجتماع أمني رفيع المستوى", 11, "اجتماع-أمني")]
    [InlineData("اجتماع أمني رفيع المستوى", 10, "اجتماع")]
    [InlineData("اجتماع أمني رفيع المستوى", 80, "اجتماع-أمني-رفيع-المستوى")]
    [InlineData("الاستراتيجيات", 5, "الاست")]
    public void Length_cap_cuts_at_a_word_boundary_when_one_exists(string text, int maxLength, string expected) =>
        Assert.Equal(expected, Slugs.Slugify(text, maxLength));

    [Fact]
    public void Default_cap_is_80_characters_and_never_ends_in_a_hyphen()
    {
        var headline = string.Join(' ', Enumerable.Repeat("تهديدات داعش", 20));
        var slug = Slugs.Slugify(headline);
        Assert.InRange(slug.Length, 1, 80);
        Assert.False(slug.EndsWith('-'));
        Assert.EndsWith("داعش", slug, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_cap_never_splits_a_surrogate_pair() =>
        Assert.Equal("ab", Slugs.Slugify("ab\U00020000cd", 3));

    [Fact]
    public void Lone_surrogate_does_not_throw() =>
        Assert.Equal("مصر-اليوم", Slugs.Slugify("مصر\uD800اليوم"));

    [Theory]
    [InlineData("مصر\uFFFEاليوم")]
    [InlineData("مصر\uFFFFاليوم")]
    [InlineData("مصر\uFDD0اليوم")]
    [InlineData("مصر\U0001FFFEاليوم")]
    public void Noncharacters_do_not_throw_and_separate_words(string headline) =>
        Assert.Equal("مصر-اليوم", Slugs.Slugify(headline));


    [Fact]
    public void Invalid_arguments_throw()
    {
        Assert.Throws<ArgumentNullException>(() => Slugs.Slugify(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => Slugs.Slugify("نص", 0));
    }

    [Fact]
    public void Unique_slug_is_returned_unchanged_when_free() =>
        Assert.Equal("داعش", Slugs.MakeUnique("داعش", _ => false));

    [Fact]
    public void Taken_slug_gets_the_first_free_numeric_suffix()
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { "قمة-g20", "قمة-g20-2", "قمة-g20-3" };
        Assert.Equal("قمة-g20-4", Slugs.MakeUnique("قمة-g20", taken.Contains));
    }

    [Fact]
    public void Suffixes_start_at_two()
    {
        var asked = new List<string>();
        var result = Slugs.MakeUnique("خبر", s => { asked.Add(s); return s == "خبر"; });
        Assert.Equal("خبر-2", result);
        Assert.Equal(new[] { "خبر", "خبر-2" }, asked);
    }

    [Fact]
    public void Make_unique_rejects_empty_slug_and_missing_lookup()
    {
        Assert.Throws<ArgumentException>(() => Slugs.MakeUnique("", _ => false));
        Assert.Throws<ArgumentNullException>(() => Slugs.MakeUnique("خبر", null!));
    }

    [Theory]
    [InlineData("داعش", "%D8%AF%D8%A7%D8%B9%D8%B4")]
    [InlineData("قمة-g20", "%D9%82%D9%85%D8%A9-g20")]
    [InlineData("plain-latin-2024", "plain-latin-2024")]
    public void Url_segment_is_the_utf8_percent_encoding(string slug, string expected) =>
        Assert.Equal(expected, Slugs.ToUrlSegment(slug));

    [Fact]
    public void Url_segment_matches_utf8_bytes_and_round_trips()
    {
        var slug = Slugs.Slugify("اجتماع أمني رفيع المستوي بين بريطانيا ومصر بالقاهرة لبحث تهديدات «داعش»");
        var segment = Slugs.ToUrlSegment(slug);
        var expected = string.Concat(Encoding.UTF8.GetBytes(slug).Select(b =>
            b == (byte)'-' ? "-" : "%" + b.ToString("X2", CultureInfo.InvariantCulture)));
        Assert.Equal(expected, segment);
        Assert.Equal(slug, Uri.UnescapeDataString(segment));
    }
}
