using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;
using Nashir.Audit;

namespace Nashir.Pages.Newsroom.Users;

/// <summary>Creates an account with one role; the generated password is shown once, on the answer to the form.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class NewModel(AccountAdmin accounts) : PageModel
{
    public const int DisplayNameMaxLength = 100;

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Role { get; set; }

    /// <summary>Set once the account exists: the only time anyone sees this password.</summary>
    public string? CreatedPassword { get; private set; }
    public string? CreatedId { get; private set; }
    public string? Error { get; private set; }

    public void OnGet() => Role ??= Roles.Writer;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Email = Email?.Trim();
        DisplayName = DisplayName?.Trim();
        if (string.IsNullOrEmpty(Email))
            ModelState.AddModelError(nameof(Email), "يرجى كتابة البريد الإلكتروني.");
        if (string.IsNullOrEmpty(DisplayName))
            ModelState.AddModelError(nameof(DisplayName), "يرجى كتابة الاسم.");
        else if (DisplayName.Length > DisplayNameMaxLength)
            ModelState.AddModelError(nameof(DisplayName), string.Create(CultureInfo.InvariantCulture, $"يجب ألا يزيد الاسم على {DisplayNameMaxLength} حرفاً."));
        var role = Roles.Parse(Role);
        if (role is null)
            ModelState.AddModelError(nameof(Role), "يرجى اختيار دور من القائمة.");
        if (!ModelState.IsValid)
            return Invalid();

        var (result, user, password) = await accounts.CreateAsync(ChangedBy.Of(User), Email!, DisplayName!, role!, ct);
        if (!result.Succeeded)
        {
            var emailErrors = AccountAdmin.EmailErrors(result).ToList();
            foreach (var error in emailErrors)
                ModelState.AddModelError(nameof(Email), error);
            if (emailErrors.Count == 0)
                Error = string.Join(" ", result.Errors.Select(e => e.Description));
            return Invalid();
        }

        CreatedId = user.Id;
        CreatedPassword = password;
        // The password is in this answer and nowhere else: no cache may keep a copy.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
