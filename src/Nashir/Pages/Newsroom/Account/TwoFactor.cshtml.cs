using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nashir.Accounts;
using Nashir.Arabic;
using Nashir.Audit;
using Nashir.Data;
using Nashir.Site;
using QRCoder;

namespace Nashir.Pages.Newsroom.Account;

/// <summary>
/// Turns on the authenticator-app step: the key as a QR code (inline SVG, so it needs no script and no
/// outside request) and as text, a code to prove the app has it, then ten recovery codes shown once.
/// </summary>
public sealed class TwoFactorModel(NashirDb db, UserManager<NashirUser> users, SignInManager<NashirUser> signIn, AuditLog audit, SiteContext site) : PageModel
{
    public const int RecoveryCodeCount = 10;

    [BindProperty] public string? Code { get; set; }

    /// <summary>The key in groups of four, for typing into the app by hand.</summary>
    public string GroupedKey { get; private set; } = "";

    /// <summary>Markup made here by QRCoder from the key; nothing a user typed reaches it.</summary>
    public string QrSvg { get; private set; } = "";

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } me)
            return Challenge();
        if (me.TwoFactorEnabled)
            return Redirect("/newsroom/account");
        await LoadKeyAsync(me);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } me)
            return Challenge();
        if (me.TwoFactorEnabled)
            return Redirect("/newsroom/account");
        Response.Headers.CacheControl = "no-store";

        // People type the code as they read it: with spaces, or in Arabic-Indic digits.
        var code = ArabicDigits.ToWestern(Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
            ModelState.AddModelError(nameof(Code), "اكتب الرمز المكوّن من 6 أرقام كما يظهر في تطبيق المصادقة.");
        else if (!await users.VerifyTwoFactorTokenAsync(me, TokenOptions.DefaultAuthenticatorProvider, code))
            ModelState.AddModelError(nameof(Code), "الرمز غير صحيح. تأكد من إضافة المفتاح الظاهر هنا إلى التطبيق، ومن ضبط ساعة الهاتف، ثم اكتب الرمز الحالي.");
        if (!ModelState.IsValid)
        {
            await LoadKeyAsync(me);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await users.SetTwoFactorEnabledAsync(me, true);
        if (!result.Succeeded)
        {
            await LoadKeyAsync(me);
            ModelState.AddModelError(nameof(Code), string.Join(" ", result.Errors.Select(e => e.Description)));
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(me, RecoveryCodeCount);
        audit.RecordAccount(ChangedBy.Of(User), AuditActions.TwoFactorEnabled, me);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // Turning it on changed the security stamp; keep this browser signed in.
        await signIn.RefreshSignInAsync(me);
        RecoveryCodes = [.. codes ?? []];
        return Page();
    }

    private async Task LoadKeyAsync(NashirUser me)
    {
        var key = await users.GetAuthenticatorKeyAsync(me);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(me);
            // A new key changes the security stamp too.
            await signIn.RefreshSignInAsync(me);
            key = await users.GetAuthenticatorKeyAsync(me) ?? "";
        }
        GroupedKey = Group(key);
        var issuer = (await site.GetAsync()).Settings.SiteName;
        QrSvg = QrCodeSvg(AuthenticatorUri(issuer, me.Email ?? me.UserName ?? me.Id, key));
    }

    /// <summary>The Key URI Format that authenticator apps read: otpauth://totp/Issuer:account?secret=…&amp;issuer=…</summary>
    public static string AuthenticatorUri(string issuer, string account, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6";

    private static string Group(string key)
    {
        var sb = new StringBuilder(key.Length + key.Length / 4);
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
                sb.Append(' ');
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return sb.ToString();
    }

    private static string QrCodeSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
