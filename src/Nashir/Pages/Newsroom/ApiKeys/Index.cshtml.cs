using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;
using Nashir.Audit;
using Nashir.ContentApi;

namespace Nashir.Pages.Newsroom.ApiKeys;

/// <summary>Content API keys: made here (the secret shown once, on the answer to the form), listed, revoked.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(ContentApi.ApiKeys keys) : PageModel
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    [BindProperty] public string? Name { get; set; }

    public string? Error { get; private set; }

    /// <summary>Set once the key exists: the only time anyone sees this secret.</summary>
    public string? CreatedSecret { get; private set; }
    public ApiKey? CreatedKey { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Keys = await keys.ListAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        Name = Name?.Trim();
        if (string.IsNullOrEmpty(Name) || Name.Length > ApiKey.NameMaxLength)
        {
            Error = string.Create(CultureInfo.InvariantCulture, $"اكتب اسمًا للمفتاح (حتى {ApiKey.NameMaxLength} حرف) يدل على من يستعمله، مثل «تطبيق الهاتف».");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync(ct);
            return Page();
        }
        var (key, secret) = await keys.CreateAsync(Name, ChangedBy.Of(User), ct);
        CreatedKey = key;
        CreatedSecret = secret;
        Name = null;
        // The secret is in this answer and nowhere else: no cache may keep a copy.
        Response.Headers.CacheControl = "no-store";
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync([FromForm] int id, CancellationToken ct)
    {
        if (await keys.RevokeAsync(id, ChangedBy.Of(User), ct) is true)
            TempData["Notice"] = "أُلغي المفتاح. الطلبات التي تحمله تُرفض من الآن.";
        return Redirect("/newsroom/api-keys");
    }
}
