using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nashir.ContentApi;

namespace Nashir.Tests.ContentApi;

/// <summary>What the content API tests do over and over: make a key, call with it, read JSON or a problem.</summary>
internal static class ApiSteps
{
    public static async Task<(ApiKey Key, string Secret)> CreateApiKeyAsync(this NashirFactory site, string name = "تطبيق الاختبار")
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(name, Nashir.Audit.ChangedBy.System);
    }

    /// <summary>A client that sends a valid key in the X-Api-Key header with every request.</summary>
    public static async Task<HttpClient> CreateApiClientAsync(this NashirFactory site)
    {
        var (_, secret) = await site.CreateApiKeyAsync();
        var client = site.CreateReader();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        return client;
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Asserts an RFC 9457 problem with the status and Arabic title and detail; returns the detail.</summary>
    public static async Task<string> GetProblemAsync(this HttpClient client, string path, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(path);
        return await AssertProblemAsync(response, expected);
    }

    public static async Task<string> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal((int)expected, json.RootElement.GetProperty("status").GetInt32());
        Assert.Matches("[\u0600-\u06FF]", json.RootElement.GetProperty("title").GetString());
        var detail = json.RootElement.GetProperty("detail").GetString()!;
        Assert.Matches("[\u0600-\u06FF]", detail);
        return detail;
    }

    public static List<string> Headlines(JsonElement list) =>
        list.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("headline").GetString()!).ToList();
}
