using System.Globalization;

namespace Nashir.Arabic;

// Egyptian names are used in Egypt, Sudan, the Maghreb and the Gulf; Levantine (Syriac) names in Syria, Lebanon,
// Jordan, Palestine and Iraq. Pan-Arab outlets print both so every reader recognises the month.
public enum MonthNaming
{
    Egyptian,
    Levantine,
    Both,
}

// All formatters take the DateTime as already converted to the newsroom's local time: they read its fields as they
// are and never look at DateTime.Kind, so a server in UTC cannot shift a date across midnight behind the caller's back.
// Days of the month are always two digits ("01 أكتوبر 2024", "01 رمضان 1445 هـ") to match the site header and so
// that a Gregorian and a Hijri date printed side by side line up.
public static class ArabicDates
{
    private static readonly string[] DayNames =
        ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"];

    private static readonly string[] EgyptianMonths =
    [
        "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
        "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    ];

    private static readonly string[] LevantineMonths =
    [
        "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
        "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
    ];

    private static readonly string[] BothMonths =
        [.. EgyptianMonths.Zip(LevantineMonths, static (egyptian, levantine) => egyptian + "/" + levantine)];

    // "ربيع الآخر" rather than "ربيع الثاني": it is the Umm al-Qura calendar's own spelling and matches "جمادى الآخرة".
    private static readonly string[] HijriMonths =
    [
        "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
        "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
    ];

    // UmAlQuraCalendar keeps no per-call state, so one instance is safely shared across threads.
    private static readonly UmAlQuraCalendar UmAlQura = new();

    private const string HijriEra = "هـ";

    public static string DayName(DayOfWeek day) =>
        day is >= DayOfWeek.Sunday and <= DayOfWeek.Saturday
            ? DayNames[(int)day]
            : throw new ArgumentOutOfRangeException(nameof(day), day, null);

    public static string MonthName(int month, MonthNaming naming)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        var names = naming switch
        {
            MonthNaming.Egyptian => EgyptianMonths,
            MonthNaming.Levantine => LevantineMonths,
            MonthNaming.Both => BothMonths,
            _ => throw new ArgumentOutOfRangeException(nameof(naming), naming, null),
        };
        return names[month - 1];
    }

    public static string HijriMonthName(int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return HijriMonths[month - 1];
    }

    public static string FormatDate(DateTime local, MonthNaming naming, DigitStyle digits) =>
        string.Concat(TwoDigits(local.Day, digits), " ", MonthName(local.Month, naming), " ", ArabicDigits.Format(local.Year, digits));

    public static string FormatLongDate(DateTime local, MonthNaming naming, DigitStyle digits) =>
        DayName(local.DayOfWeek) + " " + FormatDate(local, naming, digits);

    public static string FormatTime(DateTime local, DigitStyle digits) =>
        TwoDigits(local.Hour, digits) + ":" + TwoDigits(local.Minute, digits);

    // dayAdjustment lets the newsroom follow a local moon sighting that differs from the Umm al-Qura tables by a day or two.
    // Dates outside the calendar's range (1900-04-30 to 2077-11-16) throw ArgumentOutOfRangeException.
    public static string FormatHijri(DateTime local, DigitStyle digits, int dayAdjustment = 0)
    {
        var date = local.Date.AddDays(dayAdjustment);
        if (date < UmAlQura.MinSupportedDateTime || date > UmAlQura.MaxSupportedDateTime)
        {
            throw new ArgumentOutOfRangeException(nameof(local), local,
                "The date is outside the range of the Umm al-Qura calendar.");
        }

        return string.Concat(
            TwoDigits(UmAlQura.GetDayOfMonth(date), digits), " ",
            HijriMonthName(UmAlQura.GetMonth(date)), " ",
            ArabicDigits.Format(UmAlQura.GetYear(date), digits), " ",
            HijriEra);
    }

    private static string TwoDigits(int value, DigitStyle digits) =>
        ArabicDigits.Apply(value.ToString("00", CultureInfo.InvariantCulture), digits);
}
