namespace Nashir.Arabic.Tests;

public class ArabicTextTests
{
    [Theory]
    [InlineData("الإرهابيّة", "الإرهابية")]
    [InlineData("مَرْحَبًا بِكُمْ", "مرحبا بكم")]
    [InlineData("الرَّحْمٰنِ", "الرحمن")]
    [InlineData("كِتَابٌ", "كتاب")]
    [InlineData("قال\u06D6 ربك\u06DA", "قال ربك")]
    [InlineData("بلا تشكيل", "بلا تشكيل")]
    [InlineData("", "")]
    public void Tashkeel_and_quranic_marks_are_removed(string input, string expected) =>
        Assert.Equal(expected, ArabicText.RemoveTashkeel(input));

    [Theory]
    [InlineData("ا\u0654مني", "أمني")]
    [InlineData("ا\u0655سلام", "إسلام")]
    [InlineData("و\u0654", "ؤ")]
    public void Decomposed_hamza_is_kept_as_part_of_its_letter_when_tashkeel_is_removed(string input, string expected) =>
        Assert.Equal(expected, ArabicText.RemoveTashkeel(input));

    [Theory]
    [InlineData("جمـــيل", "جميل")]
    [InlineData("هـ", "ه")]
    [InlineData("بدون", "بدون")]
    public void Tatweel_is_removed(string input, string expected) =>
        Assert.Equal(expected, ArabicText.RemoveTatweel(input));

    [Theory]
    [InlineData("أحمد", "احمد")]
    [InlineData("إسلام", "اسلام")]
    [InlineData("آمال", "امال")]
    [InlineData("ٱلله", "الله")]
    [InlineData("ا\u0654حمد", "احمد")]
    [InlineData("ا\u0655سلام", "اسلام")]
    [InlineData("ا\u0653مال", "امال")]
    [InlineData("مسؤول وسائل", "مسؤول وسائل")]
    public void Alef_forms_including_decomposed_hamza_become_bare_alef(string input, string expected) =>
        Assert.Equal(expected, ArabicText.NormalizeAlef(input));

    [Theory]
    [InlineData("مستشفى", "مستشفي")]
    [InlineData("على مدى", "علي مدي")]
    [InlineData("يوم", "يوم")]
    public void Alef_maqsura_becomes_yaa(string input, string expected) =>
        Assert.Equal(expected, ArabicText.NormalizeAlefMaqsura(input));

    [Theory]
    [InlineData("مدرسة", "مدرسه")]
    [InlineData("القاهرة الجديدة", "القاهره الجديده")]
    [InlineData("كتاب", "كتاب")]
    public void Taa_marbuta_becomes_haa(string input, string expected) =>
        Assert.Equal(expected, ArabicText.NormalizeTaaMarbuta(input));

    [Theory]
    [InlineData("ایران", "ايران")]
    [InlineData("کتاب", "كتاب")]
    [InlineData("ھذا", "هذا")]
    [InlineData("عربي", "عربي")]
    public void Persian_keyboard_letters_become_arabic_letters(string input, string expected) =>
        Assert.Equal(expected, ArabicText.NormalizePersianLetters(input));

    [Theory]
    [InlineData("٢٠٢٤", "2024")]
    [InlineData("۱۴۰۳", "1403")]
    [InlineData("2024", "2024")]
    public void Digits_fold_to_western(string input, string expected) =>
        Assert.Equal(expected, ArabicText.FoldDigits(input));

    [Theory]
    [InlineData("\u202Eمحمد\u202C", "محمد")]
    [InlineData("Ali\u200F", "Ali")]
    [InlineData("\u200Eنص", "نص")]
    [InlineData("\u2066نص\u2069", "نص")]
    [InlineData("\u2067a\u2068b", "ab")]
    [InlineData("\u061Cعربي", "عربي")]
    [InlineData("\u202A\u202B\u202Dx", "x")]
    public void Bidi_controls_are_removed(string input, string expected) =>
        Assert.Equal(expected, ArabicText.RemoveBidiControls(input));

    [Theory]
    [InlineData("مي\u200Dزان", "ميزان")]
    [InlineData("م\u200Cن", "من")]
    [InlineData("a\u200Bb", "ab")]
    [InlineData("a\u2060b", "ab")]
    [InlineData("\uFEFFنص", "نص")]
    public void Zero_width_characters_are_removed(string input, string expected) =>
        Assert.Equal(expected, ArabicText.RemoveZeroWidth(input));

    [Theory]
    [InlineData("\u202Eadmin", true)]
    [InlineData("name\u2066", true)]
    [InlineData("\u200F", true)]
    [InlineData("محمد", false)]
    [InlineData("a\u200Bb", false)]
    [InlineData("", false)]
    public void Bidi_controls_are_detected(string input, bool expected) =>
        Assert.Equal(expected, ArabicText.ContainsBidiControls(input));

    [Fact]
    public void Spellings_with_and_without_tashkeel_hamza_and_taa_marbuta_match() =>
        Assert.Equal(ArabicText.NormalizeForMatching("الإرهابيّة"), ArabicText.NormalizeForMatching("الارهابيه"));

    [Theory]
    [InlineData("الإرهابيّة", "الارهابيه")]
    [InlineData("\uFEFB", "لا")]
    [InlineData("\uFEF7", "لا")]
    [InlineData("قمة G20", "قمه g20")]
    [InlineData("عام ٢٠٢٤", "عام 2024")]
    [InlineData("مستشفى", "مستشفي")]
    [InlineData("ایران کبیر", "ايران كبير")]
    [InlineData(" أحمد\u200F  محمد ", "احمد محمد")]
    [InlineData("جمـــيل", "جميل")]
    [InlineData("ا\u0654حمد", "احمد")]
    [InlineData("ＡＢＣ", "abc")]
    [InlineData("مي\u200Dزان\tالقوى\n", "ميزان القوي")]
    public void Matching_key_removes_every_spelling_variation(string input, string expected) =>
        Assert.Equal(expected, ArabicText.NormalizeForMatching(input));

    [Theory]
    [InlineData("  مرحبا   بكم  ", "مرحبا بكم")]
    [InlineData("سطر1\r\nسطر2", "سطر1\nسطر2")]
    [InlineData("a\rb", "a\nb")]
    [InlineData("a\n\nb", "a\n\nb")]
    [InlineData("a\n\n\n\nb", "a\n\nb")]
    [InlineData("a \n \n \n b", "a\n\nb")]
    [InlineData("  a  \n   b\t\tc  ", "a\nb c")]
    [InlineData("\n\n a \n\n", "a")]
    [InlineData("a\u00A0\u00A0b", "a b")]
    [InlineData("a\u0000b\u0007c", "abc")]
    [InlineData("a\u2028b", "a\nb")]
    [InlineData("", "")]
    [InlineData(" \n\t ", "")]
    public void User_text_whitespace_and_newlines_are_tidied(string input, string expected) =>
        Assert.Equal(expected, ArabicText.CleanUserText(input));

    [Fact]
    public void Comment_with_bidi_override_is_stored_without_it() =>
        Assert.Equal("تعليق evil name", ArabicText.CleanUserText("تعليق \u202Eevil\u202C name"));

    [Theory]
    [InlineData("ا\u0654حمد", "أحمد")]
    [InlineData("الإرهابيّة", "الإرهابيّة")]
    [InlineData("مي\u200Dزان", "ميزان")]
    [InlineData("مدرسة على", "مدرسة على")]
    public void User_text_keeps_letters_as_written_after_composition(string input, string expected) =>
        Assert.Equal(expected, ArabicText.CleanUserText(input));

    [Theory]
    [InlineData("محمد\nأحمد", "محمد أحمد")]
    [InlineData("  محمد \r\n\r\n أحمد  ", "محمد أحمد")]
    [InlineData("\u202Eadmin\u202C", "admin")]
    [InlineData("Ali\u200B", "Ali")]
    [InlineData("\t اسم \t", "اسم")]
    [InlineData("ad\u200Bmin", "admin")]
    public void User_line_is_one_clean_line(string input, string expected) =>
        Assert.Equal(expected, ArabicText.CleanUserLine(input));

    [Fact]
    public void Lone_surrogate_in_user_text_is_replaced_instead_of_throwing() =>
        Assert.Equal("a\uFFFDb", ArabicText.CleanUserText("a\uD800b"));

    [Fact]
    public void Text_needing_no_change_is_returned_as_the_same_instance()
    {
        var text = "نص عادي";
        Assert.Same(text, ArabicText.RemoveTashkeel(text));
        Assert.Same(text, ArabicText.RemoveBidiControls(text));
        Assert.Same(text, ArabicText.NormalizeAlef(text));
        Assert.Same(text, ArabicText.NormalizePersianLetters(text));
    }

    [Fact]
    public void Null_text_throws()
    {
        Assert.Throws<ArgumentNullException>(() => ArabicText.RemoveTashkeel(null!));
        Assert.Throws<ArgumentNullException>(() => ArabicText.RemoveTatweel(null!));
        Assert.Throws<ArgumentNullException>(() => ArabicText.NormalizeAlef(null!));
        Assert.Throws<ArgumentNullException>(() => ArabicText.NormalizeAlefMaqsura(null!));
        Assert.Throws<ArgumentNullException>(() => ArabicText.NormalizeTaaMarbuta(null!));
        Assert.Throws<ArgumentNullException>(() => ArabicText.NormalizePersianLetters(null!));
        Assert.Throws<ArgumentNullException>(() => ArabicText.RemoveBidiControls(null!));
        Assert.Throws<ArgumentNullException>(() => ArabicText.RemoveZeroWidth(null!));
        Assert.Throws<ArgumentNullException>(() => ArabicText.ContainsBidiControls(null!));
        Assert.Throws<ArgumentNullException>(() => ArabicText.NormalizeForMatching(null!));
        Assert.Throws<ArgumentNullException>(() => ArabicText.CleanUserText(null!));
        Assert.Throws<ArgumentNullException>(() => ArabicText.CleanUserLine(null!));
    }
}
