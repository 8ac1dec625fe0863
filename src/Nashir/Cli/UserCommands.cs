using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Audit;
using Spectre.Console;

namespace Nashir.Cli;

/// <summary>
/// <c>nashir users list|add|disable|enable|reset-password</c>: account administration from the shell, audited like the
/// newsroom's account pages, as the operator at the command line.
/// </summary>
public static class UserCommands
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, Terminal terminal)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NashirUser>>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdmin>();
        var sub = args.Length > 0 ? args[0] : "list";
        var options = ParseOptions(args.Skip(1));
        switch (sub)
        {
            case "list":
                return await ListAsync(users, terminal);
            case "add":
                return await AddAsync(accounts, options, terminal);
            case "disable":
            case "enable":
                return await SetDisabledAsync(users, accounts, options, sub == "disable", terminal);
            case "reset-password":
                return await ResetPasswordAsync(users, accounts, options, terminal);
            default:
                terminal.Error.WriteLine("الاستخدام: nashir users list | add --email E --role R [--name N] | disable --email E | enable --email E | reset-password --email E");
                return 2;
        }
    }

    private static async Task<int> ListAsync(UserManager<NashirUser> users, Terminal terminal)
    {
        var table = new Table().AddColumns("Email", "Name", "Roles", "State");
        foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync())
        {
            var roles = await users.GetRolesAsync(user);
            table.AddRow(
                Markup.Escape(user.Email ?? ""),
                Markup.Escape(user.DisplayName),
                Markup.Escape(string.Join(", ", roles)),
                user.IsDisabled ? "disabled" : "active");
        }
        terminal.Ansi.Write(table);
        return 0;
    }

    private static async Task<int> AddAsync(AccountAdmin accounts, Dictionary<string, string> options, Terminal terminal)
    {
        if (!options.TryGetValue("email", out var email) || Roles.Parse(options.GetValueOrDefault("role")) is not { } role)
        {
            terminal.Error.WriteLine($"يلزم --email و--role (أحد: {string.Join(", ", Roles.All)}).");
            return 2;
        }
        var (result, _, password) = await accounts.CreateAsync(ChangedBy.CommandLine(), email, options.GetValueOrDefault("name") ?? email.Split('@')[0], role);
        if (!result.Succeeded)
            return Fail(result, terminal);
        terminal.Out.WriteLine($"Created {email} ({role}). Password (shown once): {password}");
        return 0;
    }

    private static async Task<int> SetDisabledAsync(
        UserManager<NashirUser> users, AccountAdmin accounts, Dictionary<string, string> options, bool disabled, Terminal terminal)
    {
        if (await FindAsync(users, options, terminal) is not { } user)
            return 1;
        var result = await accounts.SetDisabledAsync(ChangedBy.CommandLine(), user, disabled);
        if (!result.Succeeded)
            return Fail(result, terminal);
        terminal.Out.WriteLine($"{user.Email}: {(disabled ? "disabled" : "enabled")}.");
        return 0;
    }

    private static async Task<int> ResetPasswordAsync(UserManager<NashirUser> users, AccountAdmin accounts, Dictionary<string, string> options, Terminal terminal)
    {
        if (await FindAsync(users, options, terminal) is not { } user)
            return 1;
        var (result, password) = await accounts.ResetPasswordAsync(ChangedBy.CommandLine(), user);
        if (!result.Succeeded)
            return Fail(result, terminal);
        terminal.Out.WriteLine($"New password for {user.Email} (shown once): {password}");
        return 0;
    }

    private static async Task<NashirUser?> FindAsync(UserManager<NashirUser> users, Dictionary<string, string> options, Terminal terminal)
    {
        var user = options.TryGetValue("email", out var email) ? await users.FindByEmailAsync(email) : null;
        if (user is null)
            terminal.Error.WriteLine($"لا يوجد حساب بهذا البريد: {email}");
        return user;
    }

    private static int Fail(IdentityResult result, Terminal terminal)
    {
        foreach (var error in result.Errors)
            terminal.Error.WriteLine(error.Description);
        return 1;
    }

    private static Dictionary<string, string> ParseOptions(IEnumerable<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? key = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
                key = arg[2..];
            else if (key is not null)
            {
                options[key] = arg;
                key = null;
            }
        }
        return options;
    }
}
