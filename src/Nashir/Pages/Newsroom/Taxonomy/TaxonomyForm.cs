using System.Globalization;
using Nashir.Arabic;

namespace Nashir.Pages.Newsroom.Taxonomy;

/// <summary>Input handling the four taxonomy pages share: limits, optional numbers, counted articles.</summary>
internal static class TaxonomyForm
{
    public const int NameMaxLength = 100;
    public const int TextMaxLength = 2000;
    public const int UrlMaxLength = 400;
    public const int MaxPosition = 9999;

    private static readonly PluralForms ArticleForms = new("مقال", "مقالين", "مقالات", "مقالاً");

    /// <summary>
    /// The slug to save: an empty field means "make one from the name" (made unique); a typed one must be free.
    /// Problems go into <paramref name="modelState"/> under Slug or Name.
    /// </summary>
    public static async Task<string> ResolveSlugAsync(
        Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, string? typedSlug, string? name,
        Func<string, Task<string?>> holderOf, Func<string, bool> taken, string usedFor)
    {
        var slug = Slugs.Slugify(typedSlug ?? name ?? "");
        if (typedSlug is not null && slug.Length == 0)
            modelState.AddModelError("Slug", "يجب أن يحتوي المعرّف على حرف أو رقم.");
        else if (typedSlug is null && name is not null && slug.Length == 0)
            modelState.AddModelError("Name", "يجب أن يحتوي الاسم على حرف أو رقم.");
        else if (typedSlug is not null && await holderOf(slug) is { } holder)
            modelState.AddModelError("Slug", $"المعرّف «{slug}» مستخدم {usedFor} «{holder}».");
        else if (typedSlug is null && slug.Length > 0)
            slug = Slugs.MakeUnique(slug, taken);
        return slug;
    }

    /// <summary>Trimmed, or null when nothing but spaces was typed.</summary>
    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>"?edit=7": missing is null; anything but a positive number is malformed (the caller's 400).</summary>
    public static bool TryParseId(string? raw, out int? id)
    {
        id = null;
        if (raw is null)
            return true;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            return false;
        id = value;
        return true;
    }

    /// <summary>A whole number as typed, in Western or Arabic-Indic digits.</summary>
    public static bool TryParseNumber(string? raw, int max, out int value) =>
        int.TryParse(ArabicDigits.ToWestern(raw?.Trim() ?? ""), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;

    /// <summary>"مقال واحد"، "مقالين"، "3 مقالات"، "100 مقال": reads after "في". Zero is the caller's own sentence.</summary>
    public static string Articles(int n) => n == 1 ? "مقال واحد" : ArabicPlural.Count(n, ArticleForms);

    /// <summary>A pattern for LIKE that matches <paramref name="text"/> literally anywhere in the value.</summary>
    public static string ContainsPattern(string text) =>
        "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";

    public const string LikeEscape = @"\";
}
