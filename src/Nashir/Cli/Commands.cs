using Nashir.Data;

namespace Nashir.Cli;

/// <summary>Operator verbs of the <c>nashir</c> executable. Each runs against the same configuration as the site.</summary>
public static class Commands
{
    private static readonly string[] Verbs = ["migrate", "users", "reindex", "search", "import", "apikey", "help"];

    /// <summary>The verb is the first argument when it is a bare word; options (<c>--urls …</c>) mean "serve".</summary>
    public static string? FindVerb(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal) ? args[0] : null;

    /// <summary>The <c>--Key=Value</c> arguments of a verb's command line, which configure the site (e.g. <c>--Nashir:DataPath=/srv/data</c>).</summary>
    public static string[] SettingsOf(string[] args) =>
        args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray();

    /// <summary>Runs <paramref name="verb"/> against the site's services, printing to <paramref name="terminal"/> only.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string verb, string[] rest, Terminal terminal)
    {
        switch (verb)
        {
            case "migrate":
                await Database.MigrateAsync(services);
                terminal.Out.WriteLine("تم تحديث قاعدة البيانات. Database is up to date.");
                return 0;
            case "users":
                await Database.MigrateAsync(services);
                await Accounts.AccountsSetup.EnsureRolesAsync(services);
                return await UserCommands.RunAsync(services, rest, terminal);
            case "reindex":
                await Database.MigrateAsync(services);
                return await SearchCommands.ReindexAsync(services, terminal);
            case "search":
                await Database.MigrateAsync(services);
                return await SearchCommands.SearchAsync(services, rest, terminal);
            case "import":
                await Database.MigrateAsync(services);
                return await SearchCommands.ImportAsync(services, rest, terminal);
            case "apikey":
                await Database.MigrateAsync(services);
                return await ApiKeyCommands.RunAsync(services, rest, terminal);
            case "help":
                PrintHelp(terminal.Out);
                return 0;
            default:
                terminal.Error.WriteLine($"أمر غير معروف: {verb}. Unknown command '{verb}'.");
                PrintHelp(terminal.Error);
                return 2;
        }
    }

    private static void PrintHelp(TextWriter w)
    {
        w.WriteLine("nashir                 serve the site (ASP.NET Core options such as --urls apply)");
        w.WriteLine("nashir migrate         apply database migrations and exit");
        w.WriteLine("nashir users list      list newsroom accounts");
        w.WriteLine("nashir users add --email E --role admin|editor|writer|moderator [--name N]   (prints a password once)");
        w.WriteLine("nashir users disable|enable|reset-password --email E");
        w.WriteLine("nashir reindex         rebuild the search index from the database (safe while the site runs)");
        w.WriteLine("nashir search \"…\"      print the hits for a query [--newest]");
        w.WriteLine("nashir import jsonl F  import articles from JSON Lines (plain or .gz); re-running updates, never duplicates");
        w.WriteLine("nashir apikey create \"NAME\" | list | revoke ID   content API keys (the secret is printed once)");
        w.WriteLine("nashir help            this text");
        w.WriteLine($"verbs: {string.Join(", ", Verbs)}");
    }
}
