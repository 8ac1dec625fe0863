namespace Nashir.BrowserTests;

/// <summary>
/// Measurements run inside the page. Each returns JSON text so the C# side deserialises it with
/// System.Text.Json rather than relying on Playwright's object mapping.
/// </summary>
internal static class PageScripts
{
    // "tag#id.class "first words"": enough to find the element in the page source.
    private const string Describe = """
        const describe = el => {
            let s = el.localName;
            if (el.id) s += '#' + el.id;
            if (el.classList.length) s += '.' + [...el.classList].join('.');
            const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
            return text ? s + ' "' + text + '"' : s;
        };
        """;

    public const string Direction = """
        () => JSON.stringify({
            html: getComputedStyle(document.documentElement).direction,
            body: getComputedStyle(document.body).direction,
        })
        """;

    /// <summary>
    /// Elements whose box crosses the viewport's left or right edge. Those inside a scrolling or clipping
    /// container that itself fits (the section nav scrolls sideways by design) are listed apart: they do
    /// not make the page scroll.
    /// </summary>
    public const string HorizontalOverflow = "() => {" + Describe + """
            const root = document.documentElement;
            const width = root.clientWidth;
            const fits = r => r.left >= -0.5 && r.right <= width + 0.5;
            const overflowing = [], contained = [];
            for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if ((r.width === 0 && r.height === 0) || fits(r)) continue;
                let container = null;
                for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    if (getComputedStyle(p).overflowX !== 'visible') { container = p; break; }
                }
                const entry = {
                    element: describe(el),
                    left: Math.round(r.left),
                    right: Math.round(r.right),
                    container: container ? describe(container) : null,
                };
                (container && fits(container.getBoundingClientRect()) ? contained : overflowing).push(entry);
            }
            return JSON.stringify({ scrollWidth: root.scrollWidth, clientWidth: width, overflowing, contained });
        }
        """;

    /// <summary>
    /// A full-page screenshot does not scroll, so images with loading="lazy" below the fold would show as
    /// blank boxes: scroll through the page once, wait for every image, then return to the top.
    /// </summary>
    public const string LoadLazyImages = """
        async () => {
            const pause = () => new Promise(resolve => setTimeout(resolve, 50));
            for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
                window.scrollTo(0, y);
                await pause();
            }
            await Promise.all([...document.images].map(img => img.complete
                ? null
                : new Promise(resolve => { img.addEventListener('load', resolve); img.addEventListener('error', resolve); })));
            window.scrollTo(0, 0);
            await pause();
        }
        """;

    public const string FocusedElement = "() => {" + Describe + """
            const el = document.activeElement;
            const s = getComputedStyle(el);
            const r = el.getBoundingClientRect();
            return JSON.stringify({
                element: describe(el),
                tag: el.localName,
                outlineStyle: s.outlineStyle,
                outlineWidth: parseFloat(s.outlineWidth) || 0,
                boxShadow: s.boxShadow,
                top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                viewportWidth: document.documentElement.clientWidth,
                viewportHeight: window.innerHeight,
            });
        }
        """;

    /// <summary>
    /// WCAG 2 contrast of each text element's colour against the background it actually sits on: ancestors'
    /// background colours are composited (alpha included) from the first opaque one, over the white canvas.
    /// Takes a map of required groups to selectors; a group that matches nothing is reported as missing.
    /// Every other visible element with its own text is checked too, as "other text".
    /// </summary>
    public const string TextContrast = "(required) => {" + Describe + """
            const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
            const parse = c => {
                const m = /^rgba?\(([^)]+)\)$/.exec(c);
                if (m) {
                    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
                    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
                }
                // Any other colour syntax (color(), oklch()): let the canvas resolve it to sRGB.
                ctx.clearRect(0, 0, 1, 1);
                ctx.fillStyle = c;
                ctx.fillRect(0, 0, 1, 1);
                const d = ctx.getImageData(0, 0, 1, 1).data;
                return [d[0], d[1], d[2], d[3] / 255];
            };
            const over = (top, bottom) => {
                const a = top[3] + bottom[3] * (1 - top[3]);
                if (a === 0) return [0, 0, 0, 0];
                return [0, 1, 2].map(i => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat(a);
            };
            const backdrop = el => {
                const layers = [];
                let image = null;
                for (let e = el; e; e = e.parentElement) {
                    const s = getComputedStyle(e);
                    if (!image && s.backgroundImage !== 'none') image = describe(e);
                    const c = parse(s.backgroundColor);
                    if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
                }
                let color = [255, 255, 255, 1];
                for (let i = layers.length - 1; i >= 0; i--) color = over(layers[i], color);
                return { color, image };
            };
            const luminance = c => {
                const [r, g, b] = c.slice(0, 3).map(v => {
                    v /= 255;
                    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
                });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const rgb = c => 'rgb(' + c.slice(0, 3).map(v => Math.round(v)).join(', ') + ')';
            const visible = el => {
                const r = el.getBoundingClientRect();
                const s = getComputedStyle(el);
                return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && parseFloat(s.opacity) > 0;
            };
            const ownText = el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
            const seen = new Set(), results = [], missing = [];
            const check = (el, group) => {
                if (seen.has(el)) return;
                seen.add(el);
                const s = getComputedStyle(el);
                const bg = backdrop(el);
                const fg = over(parse(s.color), bg.color);
                const [l1, l2] = [luminance(fg), luminance(bg.color)].sort((a, b) => b - a);
                const size = parseFloat(s.fontSize);
                const weight = parseInt(s.fontWeight, 10);
                results.push({
                    group,
                    element: describe(el),
                    color: rgb(fg),
                    background: rgb(bg.color),
                    backgroundImage: bg.image,
                    ratio: (l1 + 0.05) / (l2 + 0.05),
                    fontSize: size,
                    fontWeight: weight,
                    large: size >= 24 || (weight >= 700 && size >= 18.66),
                });
            };
            for (const [group, selector] of Object.entries(required)) {
                const matches = [...document.querySelectorAll(selector)].filter(visible);
                if (!matches.length) missing.push(group + ' (' + selector + ')');
                matches.forEach(el => check(el, group));
            }
            for (const el of document.body.querySelectorAll('*')) {
                if (ownText(el) && visible(el)) check(el, 'other text');
            }
            return JSON.stringify({ results, missing });
        }
        """;

    /// <summary>
    /// For each selector, the elements it matches and how many lines each one's text takes: the distinct line
    /// boxes of a range over its contents (a word broken between its letters takes two).
    /// </summary>
    public const string TextLines = "(selectors) => {" + Describe + """
            const lines = el => {
                const range = document.createRange();
                range.selectNodeContents(el);
                const tops = [...range.getClientRects()].filter(r => r.width > 0).map(r => r.top).sort((a, b) => a - b);
                return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 2).length;
            };
            return JSON.stringify(selectors.flatMap(selector => [...document.querySelectorAll(selector)].map(el => {
                const r = el.getBoundingClientRect();
                return { selector, element: describe(el), lines: lines(el), width: r.width, height: r.height };
            })));
        }
        """;

    /// <summary>
    /// Every element under <c>root</c> a finger can hit (links, buttons, fields, summaries) that is rendered and
    /// not hidden from people (the honeypot field is), with its box.
    /// </summary>
    public const string TapTargets = "(root) => {" + Describe + """
            const shown = el => {
                if (el.closest('[aria-hidden="true"], [hidden]')) return false;
                const s = getComputedStyle(el);
                const r = el.getBoundingClientRect();
                return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0;
            };
            const targets = [...document.querySelector(root).querySelectorAll('a[href], button, input:not([type="hidden"]), textarea, select, summary')]
                .filter(shown)
                .map(el => {
                    const r = el.getBoundingClientRect();
                    return { element: describe(el), left: r.left, top: r.top + scrollY, width: r.width, height: r.height };
                });
            return JSON.stringify(targets);
        }
        """;
}
