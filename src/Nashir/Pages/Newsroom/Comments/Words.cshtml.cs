using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Arabic;
using Nashir.Comments;
using Nashir.Data;

namespace Nashir.Pages.Newsroom.Comments;

/// <summary>The banned and suspect words lists. Entries match after Arabic normalization, so one spelling is enough.</summary>
[Authorize(Policy = Policies.Moderate)]
public sealed class WordsModel(NashirDb db, WordFilter filter, TimeProvider clock) : PageModel
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
        db.CommentWords.AddRange(entries.Where(e => !existing.Contains(e.Normalized))
            .Select(e => new CommentWord { Word = e.Word, Normalized = e.Normalized, Kind = kind, CreatedAt = now }));
        await db.SaveChangesAsync(ct);
        filter.Invalidate();
        TempData["Notice"] = "حُدّثت القائمة.";
        return Redirect("/newsroom/comments/words");
    }

    public async Task<IActionResult> OnPostDeleteAsync([FromForm] int id, CancellationToken ct)
    {
        await db.CommentWords.Where(w => w.Id == id).ExecuteDeleteAsync(ct);
        filter.Invalidate();
        return Redirect("/newsroom/comments/words");
    }
}
