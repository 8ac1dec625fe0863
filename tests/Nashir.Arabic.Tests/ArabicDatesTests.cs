namespace Nashir.Arabic.Tests;

public class ArabicDatesTests
{
    [Theory]
    [InlineData(1, MonthNaming.Egyptian, "يناير")]
    [InlineData(2, MonthNaming.Egyptian, "فبراير")]
    [InlineData(3, MonthNaming.Egyptian, "مارس")]
    [InlineData(4, MonthNaming.Egyptian, "أبريل")]
    [InlineData(5, MonthNaming.Egyptian, "مايو")]
    [InlineData(6, MonthNaming.Egyptian, "يونيو")]
    [InlineData(7, MonthNaming.Egyptian, "يوليو")]
    [InlineData(8, MonthNaming.Egyptian, "أغسطس")]
    [InlineData(9, MonthNaming.Egyptian, "سبتمبر")]
    [InlineData(10, MonthNaming.Egyptian, "أكتوبر")]
    [InlineData(11, MonthNaming.Egyptian, "نوفمبر")]
    [InlineData(12, MonthNaming.Egyptian, "ديسمبر")]
    [InlineData(1, MonthNaming.Levantine, "كانون الثاني")]
    [InlineData(2, MonthNaming.Levantine, "شباط")]
    [InlineData(3, MonthNaming.Levantine, "آذار")]
    [InlineData(4, MonthNaming.Levantine, "نيسان")]
    [InlineData(5, MonthNaming.Levantine, "أيار")]
    [InlineData(6, MonthNaming.Levantine, "حزيران")]
    [InlineData(7, MonthNaming.Levantine, "تموز")]
    [InlineData(8, MonthNaming.Levantine, "آب")]
    [InlineData(9, MonthNaming.Levantine, "أيلول")]
    [InlineData(10, MonthNaming.Levantine, "تشرين الأول")]
    [InlineData(11, MonthNaming.Levantine, "تشرين الثاني")]
    [InlineData(12, MonthNaming.Levantine, "كانون الأول")]
    [InlineData(1, MonthNaming.Both, "يناير/كانون الثاني")]
    [InlineData(2, MonthNaming.Both, "فبراير/شباط")]
    [InlineData(3, MonthNaming.Both, "مارس/آذار")]
    [InlineData(4, MonthNaming.Both, "أبريل/نيسان")]
    [InlineData(5, MonthNaming.Both, "مايو/أيار")]
    [InlineData(6, MonthNaming.Both, "يونيو/حزيران")]
    [InlineData(7, MonthNaming.Both, "يوليو/تموز")]
    [InlineData(8, MonthNaming.Both, "أغسطس/آب")]
    [InlineData(9, MonthNaming.Both, "سبتمبر/أيلول")]
    [InlineData(10, MonthNaming.Both, "أكتوبر/تشرين الأول")]
    [InlineData(11, MonthNaming.Both, "نوفمبر/تشرين الثاني")]
    [InlineData(12, MonthNaming.Both, "ديسمبر/كانون الأول")]
    public void Month_name_follows_the_regional_naming(int month, MonthNaming naming, string expected) =>
        Assert.Equal(expected, ArabicDates.MonthName(month, naming));

    [Fact]
    public void Levantine_name_of_october_is_tishrin_al_awwal() =>
        Assert.Equal("تشرين الأول", ArabicDates.MonthName(10, MonthNaming.Levantine));

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Month_outside_1_to_12_throws(int month)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ArabicDates.MonthName(month, MonthNaming.Egyptian));
        Assert.Throws<ArgumentOutOfRangeException>(() => ArabicDates.HijriMonthName(month));
    }

    [Fact]
    public void Unknown_month_naming_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ArabicDates.MonthName(1, (MonthNaming)9));

    [Theory]
    [InlineData(DayOfWeek.Sunday, "الأحد")]
    [InlineData(DayOfWeek.Monday, "الاثنين")]
    [InlineData(DayOfWeek.Tuesday, "الثلاثاء")]
    [InlineData(DayOfWeek.Wednesday, "الأربعاء")]
    [InlineData(DayOfWeek.Thursday, "الخميس")]
    [InlineData(DayOfWeek.Friday, "الجمعة")]
    [InlineData(DayOfWeek.Saturday, "السبت")]
    public void Day_name_is_the_standard_arabic_name(DayOfWeek day, string expected) =>
        Assert.Equal(expected, ArabicDates.DayName(day));

    [Fact]
    public void Unknown_day_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ArabicDates.DayName((DayOfWeek)7));

    [Theory]
    [InlineData(1, "محرم")]
    [InlineData(2, "صفر")]
    [InlineData(3, "ربيع الأول")]
    [InlineData(4, "ربيع الآخر")]
    [InlineData(5, "جمادى الأولى")]
    [InlineData(6, "جمادى الآخرة")]
    [InlineData(7, "رجب")]
    [InlineData(8, "شعبان")]
    [InlineData(9, "رمضان")]
    [InlineData(10, "شوال")]
    [InlineData(11, "ذو القعدة")]
    [InlineData(12, "ذو الحجة")]
    public void Hijri_month_name_uses_umm_al_qura_spelling(int month, string expected) =>
        Assert.Equal(expected, ArabicDates.HijriMonthName(month));

    [Theory]
    [InlineData(2024, 10, 1, MonthNaming.Egyptian, DigitStyle.Western, "01 أكتوبر 2024")]
    [InlineData(2024, 10, 1, MonthNaming.Levantine, DigitStyle.Western, "01 تشرين الأول 2024")]
    [InlineData(2024, 9, 15, MonthNaming.Both, DigitStyle.Western, "15 سبتمبر/أيلول 2024")]
    [InlineData(2024, 1, 9, MonthNaming.Egyptian, DigitStyle.ArabicIndic, "٠٩ يناير ٢٠٢٤")]
    [InlineData(2023, 12, 31, MonthNaming.Levantine, DigitStyle.ArabicIndic, "٣١ كانون الأول ٢٠٢٣")]
    public void Date_has_a_two_digit_day_then_month_then_year(int year, int month, int day, MonthNaming naming, DigitStyle digits, string expected) =>
        Assert.Equal(expected, ArabicDates.FormatDate(new DateTime(year, month, day), naming, digits));

    [Theory]
    [InlineData(MonthNaming.Egyptian, DigitStyle.Western, "الثلاثاء 01 أكتوبر 2024")]
    [InlineData(MonthNaming.Egyptian, DigitStyle.ArabicIndic, "الثلاثاء ٠١ أكتوبر ٢٠٢٤")]
    [InlineData(MonthNaming.Levantine, DigitStyle.Western, "الثلاثاء 01 تشرين الأول 2024")]
    [InlineData(MonthNaming.Both, DigitStyle.Western, "الثلاثاء 01 أكتوبر/تشرين الأول 2024")]
    public void Long_date_of_first_october_2024_starts_with_tuesday(MonthNaming naming, DigitStyle digits, string expected) =>
        Assert.Equal(expected, ArabicDates.FormatLongDate(new DateTime(2024, 10, 1, 23, 29, 0), naming, digits));

    [Fact]
    public void Long_date_in_september_with_both_namings_shows_both_names() =>
        Assert.Equal("الخميس 26 سبتمبر/أيلول 2024",
            ArabicDates.FormatLongDate(new DateTime(2024, 9, 26), MonthNaming.Both, DigitStyle.Western));

    [Fact]
    public void Date_ignores_kind_and_formats_the_fields_as_given() =>
        Assert.Equal("01 أكتوبر 2024",
            ArabicDates.FormatDate(new DateTime(2024, 10, 1, 23, 59, 0, DateTimeKind.Utc), MonthNaming.Egyptian, DigitStyle.Western));

    [Theory]
    [InlineData(23, 29, DigitStyle.Western, "23:29")]
    [InlineData(0, 5, DigitStyle.Western, "00:05")]
    [InlineData(9, 0, DigitStyle.Western, "09:00")]
    [InlineData(23, 29, DigitStyle.ArabicIndic, "٢٣:٢٩")]
    [InlineData(7, 3, DigitStyle.ArabicIndic, "٠٧:٠٣")]
    public void Time_is_24_hour_with_two_digit_fields(int hour, int minute, DigitStyle digits, string expected) =>
        Assert.Equal(expected, ArabicDates.FormatTime(new DateTime(2024, 10, 1, hour, minute, 45), digits));

    // Each Gregorian date is the published Saudi (Umm al-Qura) date of a well-known day.
    [Theory]
    [InlineData(2024, 3, 11, "01 رمضان 1445 هـ")]    // first day of Ramadan 1445
    [InlineData(2024, 7, 7, "01 محرم 1446 هـ")]      // Islamic new year 1446
    [InlineData(2023, 4, 21, "01 شوال 1444 هـ")]     // Eid al-Fitr 1444
    [InlineData(2024, 6, 16, "10 ذو الحجة 1445 هـ")] // Eid al-Adha 1445
    [InlineData(2024, 9, 26, "23 ربيع الأول 1446 هـ")]
    [InlineData(2023, 3, 23, "01 رمضان 1444 هـ")]    // first day of Ramadan 1444
    [InlineData(2025, 3, 1, "01 رمضان 1446 هـ")]     // first day of Ramadan 1446
    [InlineData(2025, 3, 30, "01 شوال 1446 هـ")]     // Eid al-Fitr 1446
    [InlineData(2024, 3, 10, "29 شعبان 1445 هـ")]    // the eve of Ramadan 1445
    public void Hijri_date_follows_umm_al_qura(int year, int month, int day, string expected) =>
        Assert.Equal(expected, ArabicDates.FormatHijri(new DateTime(year, month, day, 22, 15, 0), DigitStyle.Western));

    [Fact]
    public void Hijri_date_in_arabic_indic_digits() =>
        Assert.Equal("٠١ رمضان ١٤٤٥ هـ", ArabicDates.FormatHijri(new DateTime(2024, 3, 11), DigitStyle.ArabicIndic));

    [Theory]
    [InlineData(0, "29 شعبان 1445 هـ")]
    [InlineData(1, "01 رمضان 1445 هـ")]
    [InlineData(-1, "28 شعبان 1445 هـ")]
    [InlineData(2, "02 رمضان 1445 هـ")]
    public void Hijri_day_adjustment_shifts_by_whole_days(int adjustment, string expected) =>
        Assert.Equal(expected, ArabicDates.FormatHijri(new DateTime(2024, 3, 10), DigitStyle.Western, adjustment));

    [Fact]
    public void Hijri_date_outside_the_umm_al_qura_range_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ArabicDates.FormatHijri(new DateTime(1800, 1, 1), DigitStyle.Western));
}
