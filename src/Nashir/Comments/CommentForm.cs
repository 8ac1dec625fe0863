using Nashir.Arabic;

namespace Nashir.Comments;

/// <summary>
/// What a reader typed into "إضافة تعليق", cleaned and checked. Validation happens here once, at the edge;
/// each error is a whole Arabic sentence keyed by the field it belongs to.
/// </summary>
public sealed class CommentForm
{
    public const int NameMin = 2, NameMax = 60, SubjectMax = 120, TextMin = 3, TextMax = 3000;

    public string? Name { get; set; }
    public string? Subject { get; set; }
    public string? Text { get; set; }

    /// <summary>Optional; never shown. Lets a moderator ban by email.</summary>
    public string? Email { get; set; }

    /// <summary>Hidden from people; bots fill it in.</summary>
    public string? Website { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string CleanName => ArabicText.CleanUserLine(Name ?? "");
    public string? CleanSubject => ArabicText.CleanUserLine(Subject ?? "") is { Length: > 0 } s ? s : null;
    public string CleanText => ArabicText.CleanUserText(Text ?? "");

    public bool IsBot => !string.IsNullOrEmpty(Website);

    public bool Validate()
    {
        Errors.Clear();
        var name = CleanName;
        if (name.Length == 0)
            Errors[nameof(Name)] = "يرجى كتابة الاسم.";
        else if (name.Length is < NameMin or > NameMax)
            Errors[nameof(Name)] = $"يجب أن يكون الاسم بين {NameMin} و{NameMax} حرفاً.";
        if ((CleanSubject?.Length ?? 0) > SubjectMax)
            Errors[nameof(Subject)] = $"يجب ألا يزيد موضوع التعليق على {SubjectMax} حرفاً.";
        var text = CleanText;
        if (text.Length == 0)
            Errors[nameof(Text)] = "يرجى كتابة نص التعليق.";
        else if (text.Length is < TextMin or > TextMax)
            Errors[nameof(Text)] = $"يجب أن يكون نص التعليق بين {TextMin} و{TextMax} حرف.";
        if (!string.IsNullOrWhiteSpace(Email) && (Email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(Email.Trim(), out _)))
            Errors[nameof(Email)] = "عنوان البريد الإلكتروني غير صالح.";
        return Errors.Count == 0;
    }
}
