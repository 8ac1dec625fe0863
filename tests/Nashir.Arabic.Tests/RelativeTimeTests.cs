namespace Nashir.Arabic.Tests;

public class RelativeTimeTests
{
    private static readonly DateTimeOffset Now = new(2024, 10, 1, 23, 29, 0, TimeSpan.FromHours(3));

    private static string Ago(TimeSpan elapsed, DigitStyle digits = DigitStyle.Western) =>
        RelativeTime.Format(Now - elapsed, Now, digits);

    [Theory]
    [InlineData(0, "الآن")]
    [InlineData(30, "الآن")]
    [InlineData(59, "الآن")]
    [InlineData(60, "منذ دقيقة")]
    [InlineData(90, "منذ دقيقة")]
    public void Less_than_a_minute_is_now(int seconds, string expected) =>
        Assert.Equal(expected, Ago(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(1, "منذ دقيقة")]
    [InlineData(2, "منذ دقيقتين")]
    [InlineData(3, "منذ 3 دقائق")]
    [InlineData(10, "منذ 10 دقائق")]
    [InlineData(11, "منذ 11 دقيقة")]
    [InlineData(59, "منذ 59 دقيقة")]
    public void Minutes_ago_use_the_counted_noun_form(int minutes, string expected) =>
        Assert.Equal(expected, Ago(TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData(1, "منذ ساعة")]
    [InlineData(2, "منذ ساعتين")]
    [InlineData(3, "منذ 3 ساعات")]
    [InlineData(10, "منذ 10 ساعات")]
    [InlineData(11, "منذ 11 ساعة")]
    [InlineData(23, "منذ 23 ساعة")]
    public void Hours_ago_use_the_counted_noun_form(int hours, string expected) =>
        Assert.Equal(expected, Ago(TimeSpan.FromHours(hours)));

    [Fact]
    public void Ninety_minutes_ago_is_an_hour_ago() =>
        Assert.Equal("منذ ساعة", Ago(TimeSpan.FromMinutes(90)));

    [Theory]
    [InlineData(1, "منذ يوم")]
    [InlineData(2, "منذ يومين")]
    [InlineData(3, "منذ 3 أيام")]
    [InlineData(10, "منذ 10 أيام")]
    [InlineData(11, "منذ 11 يوماً")]
    [InlineData(29, "منذ 29 يوماً")]
    public void Days_ago_use_the_counted_noun_form(int days, string expected) =>
        Assert.Equal(expected, Ago(TimeSpan.FromDays(days)));

    [Theory]
    [InlineData(2024, 9, 1, "منذ شهر")]
    [InlineData(2024, 8, 1, "منذ شهرين")]
    [InlineData(2024, 7, 1, "منذ 3 أشهر")]
    [InlineData(2023, 12, 1, "منذ 10 أشهر")]
    [InlineData(2023, 11, 1, "منذ 11 شهراً")]
    public void Months_ago_count_calendar_months(int year, int month, int day, string expected) =>
        Assert.Equal(expected, RelativeTime.Format(new DateTimeOffset(year, month, day, 23, 29, 0, Now.Offset), Now));

    [Fact]
    public void A_month_not_yet_complete_by_the_day_counts_one_less() =>
        Assert.Equal("منذ شهر", RelativeTime.Format(new DateTimeOffset(2024, 8, 2, 0, 0, 0, Now.Offset), Now));

    [Theory]
    [InlineData(2023, "منذ سنة")]
    [InlineData(2022, "منذ سنتين")]
    [InlineData(2021, "منذ 3 سنوات")]
    [InlineData(2014, "منذ 10 سنوات")]
    [InlineData(2013, "منذ 11 سنة")]
    public void Years_ago_use_the_counted_noun_form(int year, string expected) =>
        Assert.Equal(expected, RelativeTime.Format(new DateTimeOffset(year, 10, 1, 12, 0, 0, Now.Offset), Now));

    [Theory]
    [InlineData(30, "الآن")]
    [InlineData(60, "بعد دقيقة")]
    [InlineData(120, "بعد دقيقتين")]
    [InlineData(300, "بعد 5 دقائق")]
    [InlineData(7200, "بعد ساعتين")]
    [InlineData(86400 * 3, "بعد 3 أيام")]
    public void Future_times_read_as_in(int seconds, string expected) =>
        Assert.Equal(expected, RelativeTime.Format(Now.AddSeconds(seconds), Now));

    [Theory]
    [InlineData(5, "منذ ٥ دقائق")]
    [InlineData(11, "منذ ١١ دقيقة")]
    [InlineData(60 * 15, "منذ ١٥ ساعة")]
    [InlineData(60 * 24 * 12, "منذ ١٢ يوماً")]
    public void Numbers_follow_the_requested_digit_style(int minutes, string expected) =>
        Assert.Equal(expected, Ago(TimeSpan.FromMinutes(minutes), DigitStyle.ArabicIndic));

    [Fact]
    public void Offsets_do_not_matter_only_the_instant_does()
    {
        var then = new DateTimeOffset(2024, 10, 1, 17, 29, 0, TimeSpan.Zero);
        Assert.Equal("منذ 3 ساعات", RelativeTime.Format(then, Now));
    }
}
