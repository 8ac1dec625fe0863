namespace Nashir.Arabic;

// Units step minutes → hours → days → months → years. There is no week step: "منذ 10 أيام" reads more naturally in
// Arabic news than "منذ أسبوع وثلاثة أيام", so days run up to 29. Months and years count calendar months (in now's
// offset), so 15 September → 15 October is "منذ شهر" whatever the month's length.
public static class RelativeTime
{
    private const string Now = "الآن";
    private const string Ago = "منذ ";
    private const string Later = "بعد ";

    // Duals are genitive because both "منذ" and "بعد" are followed by the genitive in newsroom usage.
    private static readonly PluralForms Minutes = new("دقيقة", "دقيقتين", "دقائق", "دقيقة");
    private static readonly PluralForms Hours = new("ساعة", "ساعتين", "ساعات", "ساعة");
    private static readonly PluralForms Days = new("يوم", "يومين", "أيام", "يوماً");
    private static readonly PluralForms Months = new("شهر", "شهرين", "أشهر", "شهراً");
    private static readonly PluralForms Years = new("سنة", "سنتين", "سنوات", "سنة");

    public static string Format(DateTimeOffset then, DateTimeOffset now, DigitStyle digits = DigitStyle.Western)
    {
        var past = then <= now;
        var (earlier, later) = past ? (then, now) : (now, then);
        var elapsed = later - earlier;
        if (elapsed < TimeSpan.FromMinutes(1))
            return Now;

        var prefix = past ? Ago : Later;
        if (elapsed < TimeSpan.FromHours(1))
            return prefix + ArabicPlural.Count((long)elapsed.TotalMinutes, Minutes, digits);
        if (elapsed < TimeSpan.FromDays(1))
            return prefix + ArabicPlural.Count((long)elapsed.TotalHours, Hours, digits);
        if (elapsed < TimeSpan.FromDays(30))
            return prefix + ArabicPlural.Count((long)elapsed.TotalDays, Days, digits);

        var months = Math.Max(1, CalendarMonthsBetween(earlier.ToOffset(now.Offset), later.ToOffset(now.Offset)));
        return months < 12
            ? prefix + ArabicPlural.Count(months, Months, digits)
            : prefix + ArabicPlural.Count(months / 12, Years, digits);
    }

    private static int CalendarMonthsBetween(DateTimeOffset earlier, DateTimeOffset later)
    {
        var months = ((later.Year - earlier.Year) * 12) + later.Month - earlier.Month;
        var notYetReached = later.Day < earlier.Day || (later.Day == earlier.Day && later.TimeOfDay < earlier.TimeOfDay);
        return notYetReached ? months - 1 : months;
    }
}
