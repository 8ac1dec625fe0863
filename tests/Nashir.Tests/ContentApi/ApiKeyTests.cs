using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;
using Nashir.Cli;
using Nashir.ContentApi;

namespace Nashir.Tests.ContentApi;

/// <summary>Who may read the API: keys from the newsroom and the CLI, stored hashed, revocable.</summary>
public sealed class ApiKeyTests
{
    [Fact]
    public async Task A_request_without_a_key_is_a_401_problem_in_arabic()
    {
        using var site = new NashirFactory();
        var client = site.CreateReader();

        using var response = await client.GetAsync("/api/v1/articles");

        await ApiSteps.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.True(response.Headers.CacheControl?.NoStore);
        // The key is checked before the parameters: nothing about the API is told to a caller without one.
        await client.GetProblemAsync("/api/v1/articles?page=0", HttpStatusCode.Unauthorized);
        await client.GetProblemAsync("/api/v1/articles/anything", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_valid_key_works_in_the_header_or_the_query_and_a_wrong_or_revoked_one_is_a_401()
    {
        using var site = new NashirFactory();
        await site.PublishAsync("خبر");
        var (key, secret) = await site.CreateApiKeyAsync();
        var client = site.CreateReader();

        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/articles"))
        {
            request.Headers.Add("X-Api-Key", secret);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // A key holder's answer: browsers may keep it, shared caches may not.
            Assert.True(response.Headers.CacheControl!.Private);
            Assert.False(response.Headers.CacheControl.Public);
            Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.CacheControl.MaxAge);
        }
        await client.GetJsonAsync("/api/v1/articles?key=" + Uri.EscapeDataString(secret));
        await client.GetProblemAsync("/api/v1/articles?key=" + Uri.EscapeDataString(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A')), HttpStatusCode.Unauthorized);
        await client.GetProblemAsync("/api/v1/articles?key=not-a-key", HttpStatusCode.Unauthorized);

        await site.WithDbAsync(async db =>
        {
            var keys = new ApiKeys(db, new ApiKeyUsage(), new Nashir.Audit.AuditLog(db, site.Clock), site.Clock);
            Assert.True(await keys.RevokeAsync(key.Id, Nashir.Audit.ChangedBy.System));
        });
        await client.GetProblemAsync("/api/v1/articles?key=" + Uri.EscapeDataString(secret), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Only_the_hash_of_a_key_is_stored()
    {
        using var site = new NashirFactory();
        var (key, secret) = await site.CreateApiKeyAsync();

        var stored = await site.WithDbAsync(db => db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.Id));

        Assert.StartsWith("nsk_", secret, StringComparison.Ordinal);
        Assert.True(secret.Length >= 40);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), stored.Hash);
        Assert.DoesNotContain(secret, stored.Hash + stored.Prefix + stored.Name, StringComparison.Ordinal);
        Assert.True(secret.StartsWith(stored.Prefix, StringComparison.Ordinal) && stored.Prefix.Length < 16);
    }

    [Fact]
    public async Task Last_used_is_written_at_most_once_a_minute()
    {
        using var site = new NashirFactory();
        var (key, secret) = await site.CreateApiKeyAsync();
        var client = site.CreateReader();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Task<DateTime?> LastUsedAsync() => site.WithDbAsync(db => db.ApiKeys.Where(k => k.Id == key.Id).Select(k => k.LastUsedAt).SingleAsync());
        var start = site.Clock.GetUtcNow().UtcDateTime;

        Assert.Null(await LastUsedAsync());
        await client.GetJsonAsync("/api/v1/tags");
        Assert.Equal(start, await LastUsedAsync());
        site.Clock.Advance(TimeSpan.FromSeconds(30));
        await client.GetJsonAsync("/api/v1/tags");
        Assert.Equal(start, await LastUsedAsync());
        site.Clock.Advance(TimeSpan.FromSeconds(31));
        await client.GetJsonAsync("/api/v1/tags");
        Assert.Equal(start.AddSeconds(61), await LastUsedAsync());
    }

    [Fact]
    public async Task With_keys_not_required_the_api_is_open_and_publicly_cacheable()
    {
        using var site = new NashirFactory().With("Nashir:ContentApi:RequireKey", "false");
        await site.PublishAsync("خبر مفتوح");

        using var response = await site.CreateReader().GetAsync("/api/v1/articles");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.CacheControl.MaxAge);
    }

    [Fact]
    public async Task The_key_page_is_for_admins_only()
    {
        using var site = new NashirFactory();

        using (var editor = await site.SignInAsync(Roles.Editor))
        using (var response = await editor.GetAsync("/newsroom/api-keys"))
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using (var anonymous = await site.CreateReader().GetAsync("/newsroom/api-keys"))
        {
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Contains("/newsroom/login", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_admin_makes_a_key_sees_its_secret_once_and_revokes_it()
    {
        using var site = new NashirFactory();
        var admin = await site.SignInAsync(Roles.Admin);

        using var created = await admin.SubmitFormAsync("/newsroom/api-keys", "#create-key", ("Name", "تطبيق الهاتف"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore);
        var page = Html.Parse(await created.Content.ReadAsStringAsync());
        var secret = page.QuerySelector("#api-key-secret")!.TextContent.Trim();
        var api = site.CreateReader();
        await api.GetJsonAsync("/api/v1/articles?key=" + Uri.EscapeDataString(secret));

        // The list shows the key by name and first characters; the secret never appears again.
        var list = await admin.GetDocumentAsync("/newsroom/api-keys");
        var row = list.QuerySelector("#api-keys tbody tr")!;
        Assert.Contains("تطبيق الهاتف", row.Text(), StringComparison.Ordinal);
        Assert.Contains(secret[..12], row.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.Body!.OuterHtml, StringComparison.Ordinal);
        Assert.Contains("apikey.created", string.Join(' ', await site.WithDbAsync(db => db.AuditLog.Select(a => a.Action).ToListAsync())), StringComparison.Ordinal);

        using var revoked = await admin.SubmitFormAsync(list.QuerySelector("form.revoke-key")!, "/newsroom/api-keys");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        await api.GetProblemAsync("/api/v1/articles?key=" + Uri.EscapeDataString(secret), HttpStatusCode.Unauthorized);
        Assert.Empty((await admin.GetDocumentAsync("/newsroom/api-keys")).QuerySelectorAll("form.revoke-key"));
    }

    [Fact]
    public async Task A_key_without_a_name_is_refused_on_the_page()
    {
        using var site = new NashirFactory();
        var admin = await site.SignInAsync(Roles.Admin);

        using var response = await admin.SubmitFormAsync("/newsroom/api-keys", "#create-key", ("Name", "   "));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("[\u0600-\u06FF]", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".form-errors")!.TextContent);
        Assert.Equal(0, await site.WithDbAsync(db => db.ApiKeys.CountAsync()));
    }

    [Fact]
    public async Task The_cli_creates_lists_and_revokes_keys()
    {
        using var site = new NashirFactory();
        var output = new StringWriter();
        var terminal = Terminal.Writing(output);

        var created = await ApiKeyCommands.RunAsync(site.Services, ["create", "موقع شريك"], terminal);
        var listed = await ApiKeyCommands.RunAsync(site.Services, ["list"], terminal);
        var revoked = await ApiKeyCommands.RunAsync(site.Services, ["revoke", "١"], terminal);
        var again = await ApiKeyCommands.RunAsync(site.Services, ["revoke", "1"], terminal);

        Assert.Equal([0, 0, 0, 0], new[] { created, listed, revoked, again });
        var secret = output.ToString().Split("(shown once): ")[1].Split('\n')[0].Trim();
        var key = await site.WithDbAsync(db => db.ApiKeys.SingleAsync());
        Assert.Equal("موقع شريك", key.Name);
        Assert.Equal(ApiKeys.HashOf(secret), key.Hash);
        Assert.NotNull(key.RevokedAt);
        Assert.Contains("active", output.ToString(), StringComparison.Ordinal); // the list's table, before the revoke
        Assert.Contains("API key 1 revoked.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("API key 1 was already revoked.", output.ToString(), StringComparison.Ordinal);
        await site.CreateReader().GetProblemAsync("/api/v1/articles?key=" + Uri.EscapeDataString(secret), HttpStatusCode.Unauthorized);

        Assert.Equal(2, await ApiKeyCommands.RunAsync(site.Services, ["create"], terminal));
        Assert.Equal(2, await ApiKeyCommands.RunAsync(site.Services, ["revoke", "x"], terminal));
        Assert.Equal(1, await ApiKeyCommands.RunAsync(site.Services, ["revoke", "99"], terminal));
    }
}
