using System.Globalization;
using System.Text.Json;

namespace Nashir.Articles;

/// <summary>How a field differs between this editor's save and the version saved meanwhile.</summary>
public enum DifferenceKind
{
    /// <summary>Only the other editor changed it: their value is kept.</summary>
    TheirsKept,

    /// <summary>Only this editor changed it: this editor's value is kept.</summary>
    MineKept,

    /// <summary>Both changed it, differently: the editor chooses.</summary>
    BothChanged,
}

public sealed record FieldDifference(string Field, string Label, string Mine, string Theirs, DifferenceKind Kind);

/// <summary>
/// The editor's fields of an article as comparable text, one value per form field, so two editors' saves can be
/// merged field by field against the version both started from (a three-way merge): a field only one of them
/// changed takes that change; a field both changed differently is a real conflict.
/// </summary>
public sealed class ArticleFields
{
    public static readonly IReadOnlyList<(string Field, string Label)> All =
    [
        (nameof(ArticleForm.Headline), "العنوان"),
        (nameof(ArticleForm.Dek), "الموجز"),
        (nameof(ArticleForm.Body), "نص المقال"),
        (nameof(ArticleForm.Byline), "سطر المصدر"),
        (nameof(ArticleForm.Slug), "الرابط المختصر"),
        (nameof(ArticleForm.CategoryId), "القسم"),
        (nameof(ArticleForm.Tags), "الوسوم"),
        (nameof(ArticleForm.AuthorIds), "الكتّاب"),
        (nameof(ArticleForm.SourceIds), "المصادر والوكالات"),
        (nameof(ArticleForm.LeadImageId), "الصورة الرئيسية"),
        (nameof(ArticleForm.LeadImageCaption), "التعليق على الصورة"),
        (nameof(ArticleForm.LeadImageCredit), "حقوق الصورة"),
        (nameof(ArticleForm.LeadImageAlt), "النص البديل"),
        (nameof(ArticleForm.IsBreaking), "خبر عاجل"),
        (nameof(ArticleForm.IsFeatured), "مثبّت في الرئيسية"),
        (nameof(ArticleForm.CommentMode), "التعليقات"),
        (nameof(ArticleForm.SeoDescription), "وصف محركات البحث"),
    ];

    // Kept in revisions as columns of their own since the first version; the rest goes into ArticleRevision.Fields.
    private static readonly HashSet<string> Columns = new(StringComparer.Ordinal)
    {
        nameof(ArticleForm.Headline), nameof(ArticleForm.Dek), nameof(ArticleForm.Body), nameof(ArticleForm.Byline),
    };

    public static bool IsField(string name) => All.Any(f => f.Field == name);

    /// <summary>Field → value; a field missing is unknown (a revision from before the other fields were kept).</summary>
    private readonly Dictionary<string, string> _values;

    private ArticleFields(Dictionary<string, string> values) => _values = values;

    public string? this[string field] => _values.GetValueOrDefault(field);

    public static ArticleFields Of(Article a) => new(new(StringComparer.Ordinal)
    {
        [nameof(ArticleForm.Headline)] = a.Headline,
        [nameof(ArticleForm.Dek)] = Text(a.Dek),
        // Compared with the form's sanitized body: a body stored before blocks carried their direction gets it here,
        // so an editor who did not touch it has not changed it.
        [nameof(ArticleForm.Body)] = BodySanitizer.WithDirections(a.Body),
        [nameof(ArticleForm.Byline)] = Text(a.Byline),
        [nameof(ArticleForm.Slug)] = a.Slug,
        [nameof(ArticleForm.CategoryId)] = Id(a.CategoryId),
        [nameof(ArticleForm.Tags)] = TagList(a.Tags.Select(t => t.Name)),
        [nameof(ArticleForm.AuthorIds)] = Ids(a.Authors.Select(x => x.Id)),
        [nameof(ArticleForm.SourceIds)] = Ids(a.Sources.Select(x => x.Id)),
        [nameof(ArticleForm.LeadImageId)] = Id(a.LeadImageId),
        [nameof(ArticleForm.LeadImageCaption)] = Text(a.LeadImageCaption),
        [nameof(ArticleForm.LeadImageCredit)] = Text(a.LeadImageCredit),
        [nameof(ArticleForm.LeadImageAlt)] = Text(a.LeadImageAlt),
        [nameof(ArticleForm.IsBreaking)] = Flag(a.IsBreaking),
        [nameof(ArticleForm.IsFeatured)] = Flag(a.IsFeatured),
        [nameof(ArticleForm.CommentMode)] = a.CommentMode.ToString(),
        [nameof(ArticleForm.SeoDescription)] = Text(a.SeoDescription),
    });

    public static ArticleFields Of(ArticleRevision r)
    {
        var values = r.Fields is null ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(r.Fields) ?? [], StringComparer.Ordinal);
        values[nameof(ArticleForm.Headline)] = r.Headline;
        values[nameof(ArticleForm.Dek)] = Text(r.Dek);
        values[nameof(ArticleForm.Body)] = BodySanitizer.WithDirections(r.Body);
        values[nameof(ArticleForm.Byline)] = Text(r.Byline);
        return new(values);
    }

    /// <summary>The form as the save would store it (call after validation, which cleans headline and slug).</summary>
    public static ArticleFields Of(ArticleForm f, BodySanitizer sanitizer) => new(new(StringComparer.Ordinal)
    {
        [nameof(ArticleForm.Headline)] = f.Headline ?? "",
        [nameof(ArticleForm.Dek)] = Text(f.Dek),
        [nameof(ArticleForm.Body)] = sanitizer.Sanitize(f.Body),
        [nameof(ArticleForm.Byline)] = Text(f.Byline),
        [nameof(ArticleForm.Slug)] = f.Slug ?? "",
        [nameof(ArticleForm.CategoryId)] = Id(f.CategoryId),
        [nameof(ArticleForm.Tags)] = TagList(f.TagNames()),
        [nameof(ArticleForm.AuthorIds)] = Ids(f.AuthorIds),
        [nameof(ArticleForm.SourceIds)] = Ids(f.SourceIds),
        [nameof(ArticleForm.LeadImageId)] = Id(f.LeadImageId),
        [nameof(ArticleForm.LeadImageCaption)] = Text(f.LeadImageCaption),
        [nameof(ArticleForm.LeadImageCredit)] = Text(f.LeadImageCredit),
        [nameof(ArticleForm.LeadImageAlt)] = Text(f.LeadImageAlt),
        [nameof(ArticleForm.IsBreaking)] = Flag(f.IsBreaking),
        [nameof(ArticleForm.IsFeatured)] = Flag(f.IsFeatured),
        [nameof(ArticleForm.CommentMode)] = f.CommentMode.ToString(),
        [nameof(ArticleForm.SeoDescription)] = Text(f.SeoDescription),
    });

    public string OtherFieldsJson() =>
        JsonSerializer.Serialize(_values.Where(kv => !Columns.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));

    /// <summary>
    /// Merges this editor's <paramref name="mine"/> with <paramref name="theirs"/> (saved since) against
    /// <paramref name="common"/>, the version both started from: puts the other editor's value into the form for each
    /// field only they changed, and returns every field that differs.
    /// </summary>
    public static IReadOnlyList<FieldDifference> Merge(ArticleFields? common, ArticleFields mine, ArticleFields theirs, ArticleForm form)
    {
        var differences = new List<FieldDifference>();
        foreach (var (field, label) in All)
        {
            var (m, t, b) = (mine[field] ?? "", theirs[field] ?? "", common?[field]);
            if (string.Equals(m, t, StringComparison.Ordinal))
                continue;
            DifferenceKind kind;
            if (string.Equals(m, b, StringComparison.Ordinal))
            {
                kind = DifferenceKind.TheirsKept;
                Set(form, field, t);
            }
            else if (string.Equals(t, b, StringComparison.Ordinal))
            {
                kind = DifferenceKind.MineKept;
            }
            else
            {
                kind = DifferenceKind.BothChanged;
            }
            differences.Add(new FieldDifference(field, label, m, t, kind));
        }
        return differences;
    }

    /// <summary>Puts a field's value (as this class writes it) into the form.</summary>
    public static void Set(ArticleForm form, string field, string value)
    {
        switch (field)
        {
            case nameof(ArticleForm.Headline): form.Headline = value; break;
            case nameof(ArticleForm.Dek): form.Dek = value; break;
            case nameof(ArticleForm.Body): form.Body = value; break;
            case nameof(ArticleForm.Byline): form.Byline = value; break;
            case nameof(ArticleForm.Slug): form.Slug = value; break;
            case nameof(ArticleForm.CategoryId): form.CategoryId = ParseId(value); break;
            case nameof(ArticleForm.Tags): form.Tags = value; break;
            case nameof(ArticleForm.AuthorIds): form.AuthorIds = ParseIds(value); break;
            case nameof(ArticleForm.SourceIds): form.SourceIds = ParseIds(value); break;
            case nameof(ArticleForm.LeadImageId): form.LeadImageId = ParseId(value); break;
            case nameof(ArticleForm.LeadImageCaption): form.LeadImageCaption = value; break;
            case nameof(ArticleForm.LeadImageCredit): form.LeadImageCredit = value; break;
            case nameof(ArticleForm.LeadImageAlt): form.LeadImageAlt = value; break;
            case nameof(ArticleForm.IsBreaking): form.IsBreaking = value == "true"; break;
            case nameof(ArticleForm.IsFeatured): form.IsFeatured = value == "true"; break;
            case nameof(ArticleForm.CommentMode): form.CommentMode = Enum.TryParse<CommentMode>(value, out var mode) ? mode : CommentMode.SiteDefault; break;
            case nameof(ArticleForm.SeoDescription): form.SeoDescription = value; break;
        }
    }

    private static string Text(string? s) => string.IsNullOrWhiteSpace(s) ? "" : s.Trim();

    private static string Id(int? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Ids(IEnumerable<int> ids) => string.Join(',', ids.Distinct().Order().Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static string TagList(IEnumerable<string> names) => string.Join("، ", names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static string Flag(bool on) => on ? "true" : "false";

    private static int? ParseId(string value) => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static List<int> ParseIds(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseId).OfType<int>()];
}
