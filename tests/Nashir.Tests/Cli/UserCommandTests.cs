using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Accounts;
using Nashir.Cli;

namespace Nashir.Tests.Cli;

public sealed class UserCommandTests
{
    [Fact]
    public async Task Users_add_prints_a_password_once_that_signs_in_and_disable_locks_the_account()
    {
        using var site = new NashirFactory();
        var output = new StringWriter();

        var added = await UserCommands.RunAsync(site.Services, ["add", "--email", "chief@nashir.test", "--role", "admin", "--name", "رئيس التحرير"], Terminal.Writing(output));

        Assert.Equal(0, added);
        var password = output.ToString().Split("(shown once): ")[1].Split('\n')[0].Trim();
        Assert.Equal(23, password.Length);
        var client = site.CreateReader();
        using (var signIn = await client.SubmitFormAsync("/newsroom/login", "form", ("Email", "chief@nashir.test"), ("Password", password)))
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signIn.StatusCode);

        Assert.Equal(0, await UserCommands.RunAsync(site.Services, ["disable", "--email", "chief@nashir.test"], Terminal.Writing(TextWriter.Null)));
        await using var scope = site.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<NashirUser>>().FindByEmailAsync("chief@nashir.test");
        Assert.True(user!.IsDisabled);
        Assert.True(await scope.ServiceProvider.GetRequiredService<UserManager<NashirUser>>().IsInRoleAsync(user, Roles.Admin));
    }

    [Fact]
    public async Task Unknown_role_is_refused()
    {
        using var site = new NashirFactory();

        var output = new StringWriter();

        var code = await UserCommands.RunAsync(site.Services, ["add", "--email", "x@nashir.test", "--role", "superuser"], Terminal.Writing(output));

        Assert.Equal(2, code);
        Assert.Contains("يلزم --email و--role", output.ToString(), StringComparison.Ordinal);
    }
}
