using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Accounts;

namespace Nashir.Tests.Accounts;

/// <summary>A refused sign-in tells nothing about the account: not whether it exists, nor whether it is disabled or locked.</summary>
public sealed class SignInRefusalTests
{
    private const string WrongPassword = "خطأ-خطأ-خطأ-خطأ";

    [Fact]
    public async Task Every_refused_sign_in_gets_the_same_answer_and_the_same_password_check()
    {
        using var site = new NashirFactory();
        var checks = new PasswordChecks();
        using var host = site.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.AddScoped<IPasswordHasher<NashirUser>>(_ => new CountingHasher(checks))));
        var existing = await CreateUserAsync(host, disabled: false, locked: false);
        var disabled = await CreateUserAsync(host, disabled: true, locked: false);
        var locked = await CreateUserAsync(host, disabled: false, locked: true);
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var answers = new List<(HttpStatusCode Status, string Message, int Checks)>();
        foreach (var email in new[] { "nobody-here@nashir.test", existing, disabled, locked })
        {
            var page = await client.GetDocumentAsync("/newsroom/login");
            var before = checks.Count;
            using var response = await client.SubmitFormAsync(page.QuerySelector("form")!, "/newsroom/login", ("Email", email), ("Password", WrongPassword));
            var message = Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".form-errors")!.Text();
            answers.Add((response.StatusCode, message, checks.Count - before));
        }

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.BadRequest, "البريد الإلكتروني أو كلمة المرور غير صحيحة. بعد خمس محاولات خاطئة يُقفل الحساب 15 دقيقة.", 1), a));
    }

    private static async Task<string> CreateUserAsync(WebApplicationFactory<Program> host, bool disabled, bool locked)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NashirUser>>();
        var email = $"u-{Guid.NewGuid():N}@nashir.test";
        var user = new NashirUser { UserName = email, Email = email, DisplayName = "حساب", CreatedAt = new DateTime(2024, 10, 1, 9, 0, 0, DateTimeKind.Utc) };
        Assert.True((await users.CreateAsync(user, "كلمة-مرور-طويلة-للاختبار")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Writer)).Succeeded);
        if (disabled)
            Assert.True((await scope.ServiceProvider.GetRequiredService<AccountAdmin>().SetDisabledAsync(Nashir.Audit.ChangedBy.System, user, disabled: true)).Succeeded);
        if (locked)
            Assert.True((await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue.AddDays(-1))).Succeeded);
        return email;
    }

    private sealed class PasswordChecks
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);
        public void Add() => Interlocked.Increment(ref _count);
    }

    /// <summary>Identity's own hasher, counting how often a password is checked.</summary>
    private sealed class CountingHasher(PasswordChecks checks) : IPasswordHasher<NashirUser>
    {
        private readonly PasswordHasher<NashirUser> _inner = new();

        public string HashPassword(NashirUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(NashirUser user, string hashedPassword, string providedPassword)
        {
            checks.Add();
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
