using Microsoft.EntityFrameworkCore;
using Nashir.Cli;
using Nashir.ContentApi;

namespace Nashir.Tests.Cli;

/// <summary>A verb prints to the writer it is given, so verbs run side by side (as the tests do) never see each other's output.</summary>
public sealed class TerminalTests
{
    [Fact]
    public async Task Verbs_running_in_parallel_each_print_only_to_their_own_writer()
    {
        using var first = new NashirFactory();
        using var second = new NashirFactory();
        var sites = new[] { first, second };
        var outputs = sites.Select(_ => new StringWriter()).ToArray();

        await Task.WhenAll(sites.Select((site, i) => Task.Run(async () =>
        {
            var terminal = Terminal.Writing(outputs[i]);
            for (var n = 0; n < 5; n++)
                Assert.Equal(0, await Commands.RunAsync(site.Services, "apikey", ["create", $"موقع {i}-{n}"], terminal));
            Assert.Equal(0, await Commands.RunAsync(site.Services, "help", [], terminal));
        })));

        for (var i = 0; i < sites.Length; i++)
        {
            var text = outputs[i].ToString();
            var secrets = text.Split('\n').Where(l => l.StartsWith("Secret (shown once): ", StringComparison.Ordinal))
                .Select(l => l["Secret (shown once): ".Length..].Trim()).ToList();
            Assert.Equal(5, secrets.Count);
            var hashes = await sites[i].WithDbAsync(db => db.ApiKeys.OrderBy(k => k.Id).Select(k => k.Hash).ToListAsync());
            Assert.Equal(hashes, secrets.Select(ApiKeys.HashOf));
            Assert.Single(text.Split('\n'), l => l.StartsWith("nashir help", StringComparison.Ordinal));
            Assert.DoesNotContain($"موقع {1 - i}-", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_verb_is_refused_on_the_error_writer()
    {
        using var site = new NashirFactory();
        var output = new StringWriter();
        var errors = new StringWriter();

        var code = await Commands.RunAsync(site.Services, "nope", [], Terminal.Writing(output, errors));

        Assert.Equal(2, code);
        Assert.Equal("", output.ToString());
        Assert.Contains("أمر غير معروف: nope", errors.ToString(), StringComparison.Ordinal);
    }
}
