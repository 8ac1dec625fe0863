using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Nashir.Demo;

/// <summary>
/// Pictures for the demo articles, drawn here pixel by pixel so the demo needs no photographs (and carries no one
/// else's): calm abstract scenes in each article's colours. They come out as JPEG files, as a camera's would, and
/// go into the media library through the editor's upload path, so the demo gets the responsive variants, the
/// OpenGraph image and the JSON-LD image a real article has. The same scene always gives the same pixels.
/// </summary>
internal static class DemoImages
{
    // Sizes keep seeding quick (every upload is encoded at each standard width that fits, in WebP and JPEG): the seed
    // article's picture gets the 1024 px variant its full-width figure uses; the short stories, seen mostly as cards, 640.
    public const int SeedWidth = 1200;
    public const int StoryWidth = 800;

    // Scenes are drawn on a 1200×675 design and scaled to the picture's size (always 16:9).
    private const float DesignWidth = 1200;

    public static byte[] Flags() => Scene(SeedWidth, "#1f2933", "#52606d", c =>
    {
        // Dark flags on poles against a dusk sky: the seed article's "أعلام داعش", drawn without any emblem.
        for (var i = 0; i < 3; i++)
        {
            var x = 260 + (i * 260);
            var top = 150 + (i % 2 * 40);
            c.Rect(x, top, 10, 460, "#9aa5b1", 1);
            c.Wave(x + 10, top, 360, 130, 15, "#0b0f14", 0.92f);
        }
    });

    public static byte[] Skyline(string sky, string ground) => Scene(StoryWidth, sky, ground, c =>
    {
        int[] heights = [220, 320, 260, 400, 300, 240, 360, 280, 200, 330];
        for (var i = 0; i < heights.Length; i++)
            c.Rect(60 + (i * 110), 600 - heights[i], 90, heights[i], "#000000", 0.25f + (i % 3 * 0.1f));
    });

    public static byte[] Chart(string sky, string ground) => Scene(StoryWidth, sky, ground, c =>
    {
        int[] values = [380, 340, 360, 300, 320, 250, 270, 200, 230, 160];
        for (var i = 0; i < values.Length; i++)
            c.Rect(70 + (i * 110), values[i] + 60, 60, 560 - values[i], "#ffffff", 0.18f);
        for (var i = 1; i < values.Length; i++)
            c.Line(100 + ((i - 1) * 110), values[i - 1], 100 + (i * 110), values[i], 7, "#ffffff", 0.9f);
    });

    public static byte[] Pitch(string sky, string ground) => Scene(StoryWidth, sky, ground, c =>
    {
        c.Frame(120, 160, 960, 420, 8, "#ffffff", 0.8f);
        c.Rect(596, 160, 8, 420, "#ffffff", 0.8f);
        c.Ring(600, 370, 80, 8, "#ffffff", 0.8f);
        c.Disc(760, 300, 22, "#ffffff", 1);
    });

    public static byte[] Circuit(string sky, string ground) => Scene(StoryWidth, sky, ground, c =>
    {
        for (var i = 0; i < 8; i++)
        {
            var y = 140 + (i * 60);
            var first = 80 + 300 + (i * 40);
            c.Line(80, y, first, y, 3, "#7ee0c3", 0.7f);
            c.Line(first, y, first + 40, y + 40, 3, "#7ee0c3", 0.7f);
            c.Line(first + 40, y + 40, first + 40 + 400 - (i * 30), y + 40, 3, "#7ee0c3", 0.7f);
            c.Disc(820 + (i * 10), y + 40, 12, "#7ee0c3", 1);
        }
    });

    public static byte[] Arches(string sky, string ground) => Scene(StoryWidth, sky, ground, c =>
    {
        for (var i = 0; i < 5; i++)
        {
            var x = 130 + (i * 200);
            c.Arch(x, 380, 160, 220, "#000000", 0.28f);
        }
        c.Disc(960, 150, 60, "#fff4c2", 0.9f);
    });

    private static byte[] Scene(int width, string sky, string ground, Action<Canvas> draw)
    {
        var canvas = new Canvas(width, width * 9 / 16, Color.ParseHex(sky).ToPixel<Rgba32>(), Color.ParseHex(ground).ToPixel<Rgba32>());
        draw(canvas);
        using var image = Image.LoadPixelData<Rgba32>(canvas.Pixels, canvas.Width, canvas.Height);
        using var file = new MemoryStream();
        image.SaveAsJpeg(file, new JpegEncoder { Quality = 90 });
        return file.ToArray();
    }

    /// <summary>A vertical gradient and a few shapes, blended with an opacity; coordinates are on the 1200×675 design.</summary>
    private sealed class Canvas
    {
        private readonly float _scale;

        public Canvas(int width, int height, Rgba32 top, Rgba32 bottom)
        {
            (Width, Height, _scale) = (width, height, width / DesignWidth);
            Pixels = new Rgba32[width * height];
            for (var y = 0; y < Height; y++)
            {
                var t = y / (float)(Height - 1);
                var colour = new Rgba32(Mix(top.R, bottom.R, t), Mix(top.G, bottom.G, t), Mix(top.B, bottom.B, t));
                Pixels.AsSpan(y * Width, Width).Fill(colour);
            }
        }

        public int Width { get; }
        public int Height { get; }
        public Rgba32[] Pixels { get; }

        public void Rect(float x, float y, float w, float h, string colour, float opacity) =>
            Fill(x, y, x + w, y + h, colour, opacity, (_, _) => true);

        public void Frame(float x, float y, float w, float h, float stroke, string colour, float opacity)
        {
            Rect(x, y, w, stroke, colour, opacity);
            Rect(x, y + h - stroke, w, stroke, colour, opacity);
            Rect(x, y + stroke, stroke, h - (2 * stroke), colour, opacity);
            Rect(x + w - stroke, y + stroke, stroke, h - (2 * stroke), colour, opacity);
        }

        public void Disc(float cx, float cy, float r, string colour, float opacity) =>
            Fill(cx - r, cy - r, cx + r, cy + r, colour, opacity, (px, py) => Square(px - cx) + Square(py - cy) <= r * r);

        public void Ring(float cx, float cy, float r, float stroke, string colour, float opacity) =>
            Fill(cx - r - stroke, cy - r - stroke, cx + r + stroke, cy + r + stroke, colour, opacity,
                (px, py) => Math.Abs(MathF.Sqrt(Square(px - cx) + Square(py - cy)) - r) <= stroke / 2);

        /// <summary>A doorway: a rectangle <paramref name="h"/> high under a half circle as wide as it.</summary>
        public void Arch(float x, float top, float w, float h, string colour, float opacity)
        {
            var r = w / 2;
            Fill(x, top - r, x + w, top + h, colour, opacity, (px, py) => py >= top || Square(px - x - r) + Square(py - top) <= r * r);
        }

        /// <summary>A flag: a band whose top and bottom edges wave together.</summary>
        public void Wave(float x, float y, float w, float h, float amplitude, string colour, float opacity) =>
            Fill(x, y - amplitude, x + w, y + h + amplitude, colour, opacity, (px, py) =>
            {
                var offset = amplitude * MathF.Sin((px - x) / w * 2 * MathF.PI);
                return py >= y + offset && py <= y + h + offset;
            });

        /// <summary>A straight stroke of half-width <paramref name="half"/> with round ends.</summary>
        public void Line(float x1, float y1, float x2, float y2, float half, string colour, float opacity)
        {
            var (dx, dy) = (x2 - x1, y2 - y1);
            var length = Square(dx) + Square(dy);
            Fill(Math.Min(x1, x2) - half, Math.Min(y1, y2) - half, Math.Max(x1, x2) + half, Math.Max(y1, y2) + half, colour, opacity, (px, py) =>
            {
                var t = length == 0 ? 0 : Math.Clamp((((px - x1) * dx) + ((py - y1) * dy)) / length, 0, 1);
                return Square(px - (x1 + (t * dx))) + Square(py - (y1 + (t * dy))) <= half * half;
            });
        }

        // Visits the pixels of the box (design coordinates) and blends the colour into those the shape covers.
        private void Fill(float left, float top, float right, float bottom, string colour, float opacity, Func<float, float, bool> covers)
        {
            var c = Color.ParseHex(colour).ToPixel<Rgba32>();
            var x0 = Math.Max(0, (int)MathF.Floor(left * _scale));
            var x1 = Math.Min(Width, (int)MathF.Ceiling(right * _scale));
            var y0 = Math.Max(0, (int)MathF.Floor(top * _scale));
            var y1 = Math.Min(Height, (int)MathF.Ceiling(bottom * _scale));
            for (var y = y0; y < y1; y++)
            {
                var row = Pixels.AsSpan(y * Width, Width);
                for (var x = x0; x < x1; x++)
                {
                    if (!covers((x + 0.5f) / _scale, (y + 0.5f) / _scale))
                        continue;
                    ref var p = ref row[x];
                    p = new Rgba32(Mix(p.R, c.R, opacity), Mix(p.G, c.G, opacity), Mix(p.B, c.B, opacity));
                }
            }
        }

        private static float Square(float v) => v * v;

        private static byte Mix(byte from, byte to, float t) => (byte)Math.Round(from + ((to - from) * t));
    }
}
