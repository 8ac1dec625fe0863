using System.Security.Claims;
using Nashir.Articles;

namespace Nashir.Media;

/// <summary>Who may change or delete a media item: the same rules as for articles.</summary>
public static class MediaRules
{
    public const string ForbiddenMessage =
        "لا يمكنك تعديل هذه الصورة أو حذفها: للكاتب أن يغيّر صوره هو ما دامت لا تظهر في مقال منشور أو مجدول، وما عدا ذلك للمحررين.";

    /// <summary>
    /// Editors and Admins change any item. A writer changes only what they uploaded, and not once a published or
    /// scheduled article shows it: readers would see words no editor reviewed. An item without an uploader (uploaded
    /// before uploaders were recorded, or by an import) is for editors only.
    /// </summary>
    public static bool CanEdit(ClaimsPrincipal user, MediaItem item, bool usedByLive)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (ArticleDesk.CanPublish(user))
            return true;
        var me = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return ArticleDesk.CanWrite(user) && !usedByLive
            && item.UploadedById is not null && string.Equals(item.UploadedById, me, StringComparison.Ordinal);
    }
}
