using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Arabic;
using Nashir.Audit;
using Nashir.Comments;
using Nashir.Data;

namespace Nashir.Pages.Newsroom.Comments;

/// <summary>
/// The banned and suspect words lists. Entries match after Arabic normalization, so one spelling is enough. Every
/// addition and removal is audited with the words, in the same SaveChanges.
/// </summary>
[Authorize(Policy = Policies.Moderate)]
public sealed class WordsModel(NashirDb db, WordFilter filter, AuditLog audit, TimeProvider clock) : PageModel
{
    public IReadOnlyList<CommentWord> Words { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Words = await db.CommentWords.AsNoTracking().OrderBy(w => w.Kind).ThenBy(w => w.Word).ToListAsync(ct);

    public async Task<IActionResult> OnPostAddAsync([FromForm] string? words, [FromForm] WordListKind kind, CancellationToken ct)
    {
        var entries = (words ?? "").Split(['\n', '،', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ArabicText.CleanUserLine)
            .Where(w => w.Length is > 0 and <= 100)
            .Select(w => (Word: w, Normalized: WordFilter.Normalize(w)))
            .Where(w => w.Normalized.Length > 0)
            .DistinctBy(w => w.Normalized)
            .ToList();
        if (entries.Count == 0 || !Enum.IsDefined(kind))
        {
            Error = "اكتب كلمة واحدة على الأقل (حتى 100 حرف)، كل كلمة في سطر.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync(ct);
            return Page();
        }
        var normalized = entries.Select(e => e.Normalized).ToList();
        var existing = await db.CommentWords.Where(w => w.Kind == kind && normalized.Contains(w.Normalized)).Select(w => w.Normalized).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var added = entries.Where(e => !existing.Contains(e.Normalized)).ToList();
        db.CommentWords.AddRange(added.Select(e => new CommentWord { Word = e.Word, Normalized = e.Normalized, Kind = kind, CreatedAt = now }));
        if (added.Count > 0)
            audit.Record(User, AuditActions.CommentWordsAdded, "comment-words", null, $"{ListName(kind)}: {string.Join("، ", added.Select(e => e.Word))}");
        await db.SaveChangesAsync(ct);
        filter.Invalidate();
        TempData["Notice"] = "حُدّثت القائمة.";
        return Redirect("/newsroom/comments/words");
    }

    public async Task<IActionResult> OnPostDeleteAsync([FromForm] int id, CancellationToken ct)
    {
        if (await db.CommentWords.FirstOrDefaultAsync(w => w.Id == id, ct) is { } word)
        {
            db.CommentWords.Remove(word);
            audit.Record(User, AuditActions.CommentWordRemoved, "comment-words", null, $"{ListName(word.Kind)}: {word.Word}");
            await db.SaveChangesAsync(ct);
            filter.Invalidate();
        }
        return Redirect("/newsroom/comments/words");
    }

    /// <summary>The list's name as the page shows it.</summary>
    public static string ListName(WordListKind kind) => kind == WordListKind.Banned ? "محظورة" : "مشبوهة";
}
