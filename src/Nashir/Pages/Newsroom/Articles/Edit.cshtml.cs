using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Pages.Newsroom.Articles;

/// <summary>
/// The article editor. Page responsibility: turn the form into an <see cref="ArticleForm"/> and an
/// <see cref="EditorAction"/>, hand them to <see cref="ArticleDesk"/>, and show the outcome.
/// </summary>
[Authorize(Policy = Policies.Write)]
[Nashir.Media.MediaUploadLimits]
public sealed class EditModel(NashirDb db, ArticleDesk desk, SiteContext site, TimeProvider clock) : PageModel
{
    public int? Id { get; private set; }
    public Article? Article { get; private set; }
    public ArticleForm Form { get; private set; } = new();
    public EditConflict? Conflict { get; private set; }
    public DateTime? AutosavedAt { get; private set; }

    /// <summary>On the "new article" page: this person's new drafts that were autosaved but never saved, newest first.</summary>
    public IReadOnlyList<UnsavedDraft> UnsavedDrafts { get; private set; } = [];

    public sealed record UnsavedDraft(string DraftKey, string? Headline, DateTime SavedAt);
    public SiteFormat Format { get; private set; } = null!;

    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public IReadOnlyList<Author> Authors { get; private set; } = [];
    public IReadOnlyList<Source> Sources { get; private set; } = [];
    public IReadOnlyList<Nashir.Media.MediaItem> RecentMedia { get; private set; } = [];
    public IReadOnlyList<string> TagSuggestions { get; private set; } = [];

    public bool CanPublish => ArticleDesk.CanPublish(User);

    // Arabic stays readable in the stored JSON (operators look at it when helping a journalist).
    private static readonly JsonSerializerOptions AutosaveJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public async Task<IActionResult> OnGetAsync(int? id, string? restore, string? draft, CancellationToken ct)
    {
        Id = id;
        Format = (await site.GetAsync(ct)).Format;
        if (id is not null)
        {
            Article = await desk.LoadAsync(id.Value, ct);
            if (Article is null)
                return NotFound();
            if (!ArticleDesk.CanEdit(User, Article))
                return Forbid();
            Form = ArticleForm.From(Article, ToLocalInput);
            var autosave = await FindAutosaveAsync(id, null, ct);
            if (autosave is not null && (autosave.SavedAt > (Article.UpdatedAt ?? Article.CreatedAt) || restore == "autosave"))
            {
                AutosavedAt = autosave.SavedAt;
                if (restore == "autosave" && JsonSerializer.Deserialize<ArticleForm>(autosave.Fields, AutosaveJson) is { } saved)
                {
                    saved.Version = Form.Version;
                    Form = saved;
                    AutosavedAt = null;
                }
            }
        }
        else if (restore == "autosave" && IsDraftKey(draft)
            && await FindAutosaveAsync(null, draft, ct) is { } autosave
            && JsonSerializer.Deserialize<ArticleForm>(autosave.Fields, AutosaveJson) is { } saved)
        {
            // Restoring goes on in the same slot: later autosaves of this page replace that draft, not another.
            Form = saved;
            Form.Version = 0;
            Form.DraftKey = draft;
        }
        else
        {
            // Each "new article" page is a slot of its own, so a second new draft never overwrites the first.
            Form.DraftKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(ArticleAutosave.DraftKeyLength / 2));
            var me = User.FindFirstValue(ClaimTypes.NameIdentifier);
            var drafts = await db.ArticleAutosaves.AsNoTracking()
                .Where(s => s.UserId == me && s.ArticleId == null && s.DraftKey != null)
                .OrderByDescending(s => s.SavedAt).Take(10).ToListAsync(ct);
            UnsavedDrafts = [.. drafts.Select(d => new UnsavedDraft(d.DraftKey!, HeadlineOf(d.Fields), d.SavedAt))];
        }
        await LoadChoicesAsync(ct);
        return Page();
    }

    private static string? HeadlineOf(string fields)
    {
        try
        {
            return JsonSerializer.Deserialize<ArticleForm>(fields, AutosaveJson)?.Headline is { Length: > 0 } headline ? headline : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsDraftKey(string? key) =>
        key is { Length: ArticleAutosave.DraftKeyLength } && key.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public async Task<IActionResult> OnPostAsync(int? id, [FromForm] ArticleForm form, [FromForm(Name = "action")] string? action,
        IFormFile? leadImageUpload, [FromServices] Nashir.Media.MediaStore media, CancellationToken ct)
    {
        Id = id;
        Format = (await site.GetAsync(ct)).Format;
        var editorAction = ParseAction(action);
        // A file input left empty sends no file at all (its filename is blank); a chosen file of zero bytes is
        // refused by the store like any other bad picture, not silently dropped.
        if (leadImageUpload is not null)
        {
            // The image is saved to the library first (it is useful even if the article form has an error),
            // then chosen as the lead image.
            var upload = await media.SaveUploadAsync(leadImageUpload,
                new Nashir.Media.MediaDetails(form.LeadImageCaption, form.LeadImageCredit, form.LeadImageAlt), User, ct);
            if (upload.Item is { } item)
                form.LeadImageId = item.Id;
            else
            {
                form.Errors["LeadImageUpload"] = upload.Error ?? "تعذر حفظ الصورة.";
                Form = form;
                Article = id is null ? null : await desk.LoadAsync(id.Value, ct);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                await LoadChoicesAsync(ct);
                return Page();
            }
        }
        var outcome = await desk.SaveAsync(User, id, form, editorAction, ct);
        switch (outcome.Status)
        {
            case SaveStatus.Saved:
                TempData["Notice"] = outcome.Merged
                    ? "حُفظت تعديلاتك مع ما حفظه زميلك أثناء تحريرك في الحقول التي لم تغيّرها."
                    : Notice(editorAction, outcome.Article!);
                return Redirect($"/newsroom/articles/{outcome.Article!.Id.ToString(CultureInfo.InvariantCulture)}");
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Forbidden:
                return Forbid();
        }

        Article = outcome.Article;
        Form = form;
        if (outcome.Status == SaveStatus.Conflict)
        {
            // Keep what this editor typed (also as an autosave), and let them save over the newer version knowingly.
            Conflict = outcome.Conflict;
            await KeepAsAutosaveAsync(id, form, ct);
            Form.Version = Conflict!.CurrentVersion;
            Form.Keep = [];
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadChoicesAsync(ct);
        return Page();
    }

    /// <summary>Autosave from the editor script: the whole form, stored per user and article, answered with 204.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(int? id, [FromForm] ArticleForm form, CancellationToken ct)
    {
        if (id is null && !IsDraftKey(form.DraftKey))
            return BadRequest("مسودة المقال الجديد بلا مفتاح صالح؛ أعد فتح صفحة «مقال جديد».");
        if (id is not null)
        {
            var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
            if (article is null)
                return NotFound();
            if (!ArticleDesk.CanEdit(User, article))
                return Forbid();
        }
        await KeepAsAutosaveAsync(id, form, ct);
        return new NoContentResult();
    }

    private async Task KeepAsAutosaveAsync(int? id, ArticleForm form, CancellationToken ct)
    {
        var me = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var key = id is null ? form.DraftKey : null;
        var row = await db.ArticleAutosaves.FirstOrDefaultAsync(s => s.UserId == me && s.ArticleId == id && s.DraftKey == key, ct);
        if (row is null)
            db.ArticleAutosaves.Add(row = new Nashir.Articles.ArticleAutosave { UserId = me, ArticleId = id, DraftKey = key, Fields = "" });
        row.Fields = JsonSerializer.Serialize(form, AutosaveJson);
        row.SavedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    private Task<Nashir.Articles.ArticleAutosave?> FindAutosaveAsync(int? id, string? draftKey, CancellationToken ct)
    {
        var me = User.FindFirstValue(ClaimTypes.NameIdentifier);
        return db.ArticleAutosaves.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == me && s.ArticleId == id && s.DraftKey == draftKey, ct);
    }

    /// <summary>A field's value as the conflict view shows it: names for ids, words for flags, text for the body.</summary>
    public string Show(string field, string value) => field switch
    {
        _ when value.Length == 0 => "(فارغ)",
        nameof(ArticleForm.Body) => Nashir.Search.HtmlText.ToPlainText(value),
        nameof(ArticleForm.CategoryId) => Categories.FirstOrDefault(c => c.Id.ToString(CultureInfo.InvariantCulture) == value)?.Name ?? value,
        nameof(ArticleForm.LeadImageId) => RecentMedia.FirstOrDefault(m => m.Id.ToString(CultureInfo.InvariantCulture) == value) is { } m
            ? m.Caption ?? m.OriginalName ?? m.Path : "صورة رقم " + value,
        nameof(ArticleForm.AuthorIds) => string.Join("، ", value.Split(',').Select(v => Authors.FirstOrDefault(a => a.Id.ToString(CultureInfo.InvariantCulture) == v)?.Name ?? v)),
        nameof(ArticleForm.SourceIds) => string.Join("، ", value.Split(',').Select(v => Sources.FirstOrDefault(a => a.Id.ToString(CultureInfo.InvariantCulture) == v)?.Name ?? v)),
        nameof(ArticleForm.IsBreaking) or nameof(ArticleForm.IsFeatured) => value == "true" ? "نعم" : "لا",
        nameof(ArticleForm.CommentMode) => value switch
        {
            nameof(CommentMode.Open) => "مفتوحة",
            nameof(CommentMode.PreModerated) => "بعد المراجعة",
            nameof(CommentMode.Closed) => "مغلقة",
            _ => "حسب إعداد الموقع",
        },
        _ => value,
    };

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Position).ThenBy(c => c.Name).ToListAsync(ct);
        Authors = await db.Authors.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
        Sources = await db.Sources.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        RecentMedia = await db.Media.AsNoTracking().OrderByDescending(m => m.CreatedAt).Take(30).ToListAsync(ct);
        if (Form.LeadImageId is { } current && RecentMedia.All(m => m.Id != current)
            && await db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == current, ct) is { } chosen)
            RecentMedia = [chosen, .. RecentMedia];
        TagSuggestions = await db.Tags.AsNoTracking().OrderByDescending(t => t.Articles.Count).Take(200).Select(t => t.Name).ToListAsync(ct);
    }

    public string ToLocalInput(DateTime utc) => Format.Local(utc).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static EditorAction ParseAction(string? action) =>
        Enum.TryParse<EditorAction>(action, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : EditorAction.Save;

    private static string Notice(EditorAction action, Article article) => action switch
    {
        EditorAction.Publish => "نُشر المقال.",
        EditorAction.Schedule => "جُدول المقال للنشر.",
        EditorAction.Unpublish => "أُلغي نشر المقال.",
        EditorAction.Submit => "أُرسل المقال للمراجعة.",
        EditorAction.ReturnToDraft => "أُعيد المقال إلى المسودات.",
        _ when article.Status == ArticleStatus.Published => "حُفظت التعديلات وهي منشورة الآن.",
        _ => "حُفظ المقال.",
    };
}
