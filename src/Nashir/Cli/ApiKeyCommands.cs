using System.Globalization;
using Nashir.Audit;
using Nashir.ContentApi;
using Spectre.Console;

namespace Nashir.Cli;

/// <summary><c>nashir apikey create "NAME" | list | revoke ID</c>: content API keys from the shell.</summary>
public static class ApiKeyCommands
{
    private const string Usage = "الاستخدام: nashir apikey create \"الاسم\" | list | revoke ID";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, Terminal terminal)
    {
        await using var scope = services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeys>();
        switch (args.Length > 0 ? args[0] : "list")
        {
            case "list":
                return await ListAsync(keys, terminal);
            case "create":
                return await CreateAsync(keys, args.Length > 1 ? string.Join(' ', args[1..]) : null, terminal);
            case "revoke":
                return await RevokeAsync(keys, args.Length > 1 ? args[1] : null, terminal);
            default:
                terminal.Error.WriteLine(Usage);
                return 2;
        }
    }

    private static async Task<int> CreateAsync(ApiKeys keys, string? name, Terminal terminal)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > ApiKey.NameMaxLength)
        {
            terminal.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"اكتب اسمًا للمفتاح (حتى {ApiKey.NameMaxLength} حرف) يدل على من يستعمله. {Usage}"));
            return 2;
        }
        var (key, secret) = await keys.CreateAsync(name, ChangedBy.CommandLine());
        terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Created API key {key.Id} \"{key.Name}\"."));
        terminal.Out.WriteLine($"Secret (shown once): {secret}");
        return 0;
    }

    private static async Task<int> ListAsync(ApiKeys keys, Terminal terminal)
    {
        var table = new Table().AddColumns("Id", "Name", "Key starts", "Created (UTC)", "Last used (UTC)", "State");
        foreach (var key in await keys.ListAsync())
        {
            table.AddRow(
                key.Id.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(key.Name),
                Markup.Escape(key.Prefix + "…"),
                key.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                key.LastUsedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never",
                key.IsRevoked ? "revoked" : "active");
        }
        terminal.Ansi.Write(table);
        return 0;
    }

    private static async Task<int> RevokeAsync(ApiKeys keys, string? raw, Terminal terminal)
    {
        if (!int.TryParse(Arabic.ArabicDigits.ToWestern(raw ?? ""), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            terminal.Error.WriteLine($"اكتب رقم المفتاح كما يظهر في nashir apikey list. {Usage}");
            return 2;
        }
        switch (await keys.RevokeAsync(id, ChangedBy.CommandLine()))
        {
            case null:
                terminal.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"لا يوجد مفتاح بالرقم {id}."));
                return 1;
            case false:
                terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"API key {id} was already revoked."));
                return 0;
            default:
                terminal.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"API key {id} revoked."));
                return 0;
        }
    }
}
