using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Data;
using Nashir.Site;

namespace Nashir.Accounts;

/// <summary>Identity, cookies and policies for the newsroom; first-run setup when there is no account yet.</summary>
public static class AccountsSetup
{
    public const int PasswordMinLength = 12;

    public static IServiceCollection AddNashirAccounts(this IServiceCollection services, NashirOptions options)
    {
        services.AddDataProtection()
            .SetApplicationName("Nashir")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataPath, "keys")));

        services.AddIdentity<NashirUser, IdentityRole>(o =>
            {
                // Long passphrases over character-class rules (NIST SP 800-63B).
                o.Password.RequiredLength = PasswordMinLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<NashirDb>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<ArabicIdentityErrors>()
            .AddClaimsPrincipalFactory<NashirClaimsFactory>();
        services.AddScoped<AccountAdmin>();
        services.AddScoped<AccountLockout>();

        // The security stamp is checked on every request that carries the cookie (one user lookup), so signing
        // out, a password change, disabling an account or changing its roles ends its sessions at once.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "nashir.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/newsroom/login";
            o.LogoutPath = "/newsroom/logout";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            // A signed-in user without the right role gets a 403 page, not a redirect loop to the login form.
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            // The sign-in pages choose where to go next (SignInReturn); left alone, the cookie handler would also
            // redirect to the raw ?ReturnUrl= on sign-in, and a non-ASCII one there is a 500.
            o.Events.OnRedirectToReturnUrl = _ => Task.CompletedTask;
        });

        // Every cookie the site writes (sign-in, anti-forgery, TempData, and their deletions) is Secure whenever the
        // request came over HTTPS (behind a proxy: as its trusted forwarded headers say), and still works on plain HTTP
        // for development. The anti-forgery default would be never.
        services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);
        // Every response says DENY (SecurityHeaders); anti-forgery would add its own SAMEORIGIN to pages with a form.
        services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Newsroom, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Write, p => p.RequireRole(Roles.Admin, Roles.Editor, Roles.Writer))
            .AddPolicy(Policies.Publish, p => p.RequireRole(Roles.Admin, Roles.Editor))
            .AddPolicy(Policies.Moderate, p => p.RequireRole(Roles.Admin, Roles.Editor, Roles.Moderator))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        return services;
    }

    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
        }
    }

    /// <summary>Creates the roles; when no account exists, prints a one-time token for /newsroom/setup.</summary>
    public static async Task PrepareAccountsAsync(IServiceProvider services, ILogger logger, CancellationToken ct = default)
    {
        await EnsureRolesAsync(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        if (await db.Users.AnyAsync(ct))
            return;
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        var row = await db.SiteSettings.FirstOrDefaultAsync(ct);
        if (row is null)
            db.SiteSettings.Add(row = new SiteSettingsRow());
        row.SetupTokenHash = HashToken(token);
        await db.SaveChangesAsync(ct);
        logger.LogWarning(
            "No newsroom account exists yet. Open /newsroom/setup and enter this one-time token: {SetupToken} " +
            "(or run `nashir users add --email … --role admin`).", token);
    }

    public static string HashToken(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim().ToLowerInvariant())));

    /// <summary>A random password that passes the policy, shown once to whoever created the account.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = new char[20];
        for (var i = 0; i < chars.Length; i++)
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return string.Create(chars.Length + 3, chars, (span, c) =>
        {
            for (int i = 0, j = 0; i < span.Length; i++)
                span[i] = i is 5 or 11 or 17 ? '-' : c[j++];
        });
    }
}

/// <summary>
/// Identity's claims plus the display name. The security stamp check rebuilds the principal on every request, so a
/// renamed account's cookie carries the new name at once.
/// </summary>
public sealed class NashirClaimsFactory(UserManager<NashirUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<NashirUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(NashirUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(NashirClaims.DisplayName, user.DisplayName));
        return identity;
    }
}

/// <summary>Identity's messages, in Arabic, each a whole sentence.</summary>
public sealed class ArabicIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = $"البريد {email} مستخدم في حساب آخر." };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"اسم المستخدم {userName} مستخدم في حساب آخر." };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = "عنوان البريد الإلكتروني غير صالح." };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = "اسم المستخدم غير صالح." };
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"يجب ألا تقل كلمة المرور عن {length} حرفاً." };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "كلمة المرور الحالية غير صحيحة." };
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"يجب أن تحتوي كلمة المرور على {uniqueChars} أحرف مختلفة على الأقل." };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = "الرمز غير صالح أو منتهي الصلاحية." };
    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "عدّل شخص آخر هذا الحساب في الوقت نفسه. أعد المحاولة." };
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "تعذر إتمام العملية." };
    public override IdentityError UserAlreadyInRole(string role) => new() { Code = nameof(UserAlreadyInRole), Description = $"الحساب لديه دور {Roles.ArabicName(role)} بالفعل." };
    public override IdentityError UserNotInRole(string role) => new() { Code = nameof(UserNotInRole), Description = $"الحساب ليس لديه دور {Roles.ArabicName(role)}." };
    public override IdentityError UserLockoutNotEnabled() => new() { Code = nameof(UserLockoutNotEnabled), Description = "قفل الحساب غير مفعّل لهذا الحساب." };
}
