using Nashir;
using Nashir.Cli;

// One executable: with no verb it serves the site; with a verb (`nashir migrate`) it runs that command and exits.
var verb = Commands.FindVerb(args);
// A verb's own words (a file path, "--email E") are not configuration; only --Key=Value settings are.
var builder = WebApplication.CreateBuilder(verb is null ? args : Commands.SettingsOf(args[1..]));
builder.AddNashir();
if (verb is not null)
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();

if (verb is not null)
    return await Commands.RunAsync(app.Services, verb, args[1..], Terminal.System());

await app.PrepareAsync();
app.UseNashir();
await app.RunAsync();
return 0;

/// <summary>The entry point, named so tests can host the site with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
