using Nashir.Arabic;

// Not "…Newsroom.Media": that namespace would shadow Nashir.Media for every page under Newsroom ("Media.MediaItem").
namespace Nashir.Pages.Newsroom.MediaLibrary;

/// <summary>The words the newsroom gives an image, checked the same way on upload and on edit.</summary>
public static class MediaFields
{
    public const int CaptionMax = 500, CreditMax = 200, AltMax = 500;

    /// <summary>Adds an Arabic sentence per field that is too long, keyed by the field's form name.</summary>
    public static void Validate(string? caption, string? credit, string? alt, Dictionary<string, string> errors)
    {
        if (Length(caption) > CaptionMax)
            errors["Caption"] = $"يجب ألا يزيد التعليق على الصورة على {CaptionMax} حرف.";
        if (Length(credit) > CreditMax)
            errors["Credit"] = $"يجب ألا يزيد المصدر على {CreditMax} حرف.";
        if (Length(alt) > AltMax)
            errors["Alt"] = $"يجب ألا يزيد النص البديل على {AltMax} حرف.";
    }

    public static string? Clean(string? text) =>
        text is null ? null : ArabicText.CleanUserLine(text) is { Length: > 0 } clean ? clean : null;

    private static int Length(string? text) => Clean(text)?.Length ?? 0;
}
