using AngleSharp.Dom;

namespace Nashir.BrowserTests;

/// <summary>Structural accessibility rules every page type must keep; checked on the markup, so no browser is needed.</summary>
[Collection(nameof(DemoPagesCollection))]
public sealed class AccessibilityTests(DemoPages pages)
{
    private static readonly string[] SelfLabelledInputTypes = ["hidden", "submit", "reset", "button", "image"];
    private static readonly string[] SectioningElements = ["article", "aside", "main", "nav", "section"];

    public static TheoryData<string> Pages => DemoPages.Names;

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_image_has_an_alt_attribute(string page)
    {
        var missing = Parse(page).QuerySelectorAll("img").Where(img => !img.HasAttribute("alt")).Select(img => img.OuterHtml).ToList();

        Assert.True(missing.Count == 0, $"{page}: <img> without alt:\n{string.Join('\n', missing)}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_form_field_has_a_label(string page)
    {
        var document = Parse(page);
        var labelTargets = document.QuerySelectorAll("label[for]").Select(l => l.GetAttribute("for")!).ToHashSet(StringComparer.Ordinal);
        var unlabelled = document.QuerySelectorAll("input, textarea, select")
            .Where(field => !(field.LocalName == "input" && SelfLabelledInputTypes.Contains((field.GetAttribute("type") ?? "text").ToLowerInvariant(), StringComparer.Ordinal)))
            .Where(field => field.Closest("label") is null && !(field.Id is { Length: > 0 } id && labelTargets.Contains(id)))
            .Select(field => field.OuterHtml)
            .ToList();

        Assert.True(unlabelled.Count == 0, $"{page}: fields with no <label for> and no wrapping <label>:\n{string.Join('\n', unlabelled)}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_has_one_main_and_header_nav_footer_landmarks(string page)
    {
        var document = Parse(page);

        Assert.Single(document.QuerySelectorAll("main"));
        // A header or footer inside article/section is not a landmark; the page needs a site-wide one of each.
        Assert.Contains(document.QuerySelectorAll("header"), IsPageLevel);
        Assert.NotEmpty(document.QuerySelectorAll("nav"));
        Assert.Contains(document.QuerySelectorAll("footer"), IsPageLevel);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Html_element_declares_arabic_and_rtl(string page)
    {
        var html = Parse(page).DocumentElement;

        Assert.Equal("ar", html.GetAttribute("lang"));
        Assert.Equal("rtl", html.GetAttribute("dir"));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_has_exactly_one_h1(string page)
    {
        var headings = Parse(page).QuerySelectorAll("h1").Select(h => h.Text()).ToList();

        Assert.True(headings.Count == 1, $"{page}: {headings.Count} <h1> elements: {string.Join(" | ", headings)}");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Ids_are_unique(string page)
    {
        var duplicates = Parse(page).QuerySelectorAll("[id]")
            .GroupBy(e => e.Id!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"id=\"{g.Key}\" × {g.Count()}")
            .ToList();

        Assert.True(duplicates.Count == 0, $"{page}: duplicate ids: {string.Join(", ", duplicates)}");
    }

    private IDocument Parse(string page) => Html.Parse(pages[page].Html);

    private static bool IsPageLevel(IElement element)
    {
        for (var parent = element.ParentElement; parent is not null; parent = parent.ParentElement)
        {
            if (SectioningElements.Contains(parent.LocalName, StringComparer.Ordinal))
                return false;
        }
        return true;
    }
}
