using System.Globalization;
using System.Text;

namespace Nashir.Demo;

/// <summary>
/// Illustrations for the demo articles, drawn here as SVG so the demo needs no photographs
/// (and carries no one else's). Each is a calm abstract scene in the article's colours.
/// </summary>
internal static class DemoImages
{
    public const int Width = 1200;
    public const int Height = 675;

    public static string Flags() => Scene("#1f2933", "#52606d", sb =>
    {
        // Dark flags on poles against a dusk sky: the seed article's "أعلام داعش", drawn without any emblem.
        for (var i = 0; i < 3; i++)
        {
            var x = 260 + (i * 260);
            var top = 150 + (i % 2 * 40);
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{top}\" width=\"10\" height=\"460\" fill=\"#9aa5b1\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<path d=\"M{x + 10} {top} q90 30 180 0 t180 0 v130 q-90 30 -180 0 t-180 0 z\" fill=\"#0b0f14\" opacity=\"0.92\"/>");
        }
    });

    public static string Skyline(string sky, string ground) => Scene(sky, ground, sb =>
    {
        var heights = new[] { 220, 320, 260, 400, 300, 240, 360, 280, 200, 330 };
        for (var i = 0; i < heights.Length; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{60 + (i * 110)}\" y=\"{600 - heights[i]}\" width=\"90\" height=\"{heights[i]}\" fill=\"#000\" opacity=\"{0.25 + (i % 3 * 0.1):0.00}\"/>");
    });

    public static string Chart(string sky, string ground) => Scene(sky, ground, sb =>
    {
        var values = new[] { 380, 340, 360, 300, 320, 250, 270, 200, 230, 160 };
        var points = string.Join(' ', values.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{100 + (i * 110)},{v}")));
        sb.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{points}\" fill=\"none\" stroke=\"#fff\" stroke-width=\"14\" stroke-linejoin=\"round\" opacity=\"0.9\"/>");
        for (var i = 0; i < values.Length; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{70 + (i * 110)}\" y=\"{values[i] + 60}\" width=\"60\" height=\"{560 - values[i]}\" fill=\"#fff\" opacity=\"0.18\"/>");
    });

    public static string Pitch(string sky, string ground) => Scene(sky, ground, sb =>
    {
        sb.Append("<rect x=\"120\" y=\"160\" width=\"960\" height=\"420\" fill=\"none\" stroke=\"#fff\" stroke-width=\"8\" opacity=\"0.8\"/>");
        sb.Append("<line x1=\"600\" y1=\"160\" x2=\"600\" y2=\"580\" stroke=\"#fff\" stroke-width=\"8\" opacity=\"0.8\"/>");
        sb.Append("<circle cx=\"600\" cy=\"370\" r=\"80\" fill=\"none\" stroke=\"#fff\" stroke-width=\"8\" opacity=\"0.8\"/>");
        sb.Append("<circle cx=\"760\" cy=\"300\" r=\"22\" fill=\"#fff\"/>");
    });

    public static string Circuit(string sky, string ground) => Scene(sky, ground, sb =>
    {
        for (var i = 0; i < 8; i++)
        {
            var y = 140 + (i * 60);
            sb.Append(CultureInfo.InvariantCulture, $"<path d=\"M80 {y} h{300 + (i * 40)} l40 40 h{400 - (i * 30)}\" fill=\"none\" stroke=\"#7ee0c3\" stroke-width=\"6\" opacity=\"0.7\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{820 + (i * 10)}\" cy=\"{y + 40}\" r=\"12\" fill=\"#7ee0c3\"/>");
        }
    });

    public static string Arches(string sky, string ground) => Scene(sky, ground, sb =>
    {
        for (var i = 0; i < 5; i++)
        {
            var x = 130 + (i * 200);
            sb.Append(CultureInfo.InvariantCulture, $"<path d=\"M{x} 600 v-220 a80 80 0 0 1 160 0 v220 z\" fill=\"#000\" opacity=\"0.28\"/>");
        }
        sb.Append("<circle cx=\"960\" cy=\"150\" r=\"60\" fill=\"#fff4c2\" opacity=\"0.9\"/>");
    });

    private static string Scene(string sky, string ground, Action<StringBuilder> draw)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<defs><linearGradient id=\"g\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\"><stop offset=\"0\" stop-color=\"{sky}\"/><stop offset=\"1\" stop-color=\"{ground}\"/></linearGradient></defs>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"url(#g)\"/>");
        draw(sb);
        sb.Append("</svg>");
        return sb.ToString();
    }
}
