using System.Globalization;
using System.Net;
using System.Text.Json;
using Nashir.Accounts;

namespace Nashir.Tests.Search;

/// <summary>The index follows the newsroom through the real editor form: publish, edit, unpublish, delete.</summary>
public sealed class IndexConsistencyTests
{
    private static async Task<int> CreateAsync(HttpClient client, string headline, string body, string action)
    {
        using var response = await client.SubmitFormAsync("/newsroom/articles/new", "#article-form",
            ("Headline", headline), ("Body", body), ("action", action));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
    }

    private static async Task ActAsync(HttpClient client, int id, string action, params (string, string)[] fields)
    {
        using var response = await client.SubmitFormAsync($"/newsroom/articles/{id}", "#article-form", [("action", action), .. fields]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    internal static async Task<List<string>> HeadlinesAsync(NashirFactory site, string query)
    {
        await site.SearchCaughtUpAsync();
        using var response = await site.CreateReader().GetAsync("/api/search?q=" + Uri.EscapeDataString(query));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("headline").GetString()!).ToList();
    }

    /// <summary>How many matches the search reports: what the index holds, before the database check of each card.</summary>
    private static async Task<int> TotalAsync(NashirFactory site, string query)
    {
        await site.SearchCaughtUpAsync();
        using var response = await site.CreateReader().GetAsync("/api/search?q=" + Uri.EscapeDataString(query));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("total").GetInt32();
    }

    [Fact]
    public async Task Publish_edit_unpublish_and_delete_are_reflected_in_search()
    {
        using var site = new NashirFactory();
        var editor = await site.SignInAsync(Roles.Editor);

        var draft = await CreateAsync(editor, "مسودة عن المفاوضات الإرهابيّة", "<p>نص لم يُنشر بعد.</p>", "save");
        Assert.Empty(await HeadlinesAsync(site, "الارهابيه"));
        Assert.Equal(0, await TotalAsync(site, "المفاوضات"));

        var id = await CreateAsync(editor, "هجوم الجماعة الإرهابيّة على الميناء", "<p>قالت السلطات إن الزوارق اقتربت من الرصيف.</p>", "publish");
        Assert.Equal(["هجوم الجماعة الإرهابيّة على الميناء"], await HeadlinesAsync(site, "الارهابيه"));
        Assert.Single(await HeadlinesAsync(site, "الزوارق"));

        await ActAsync(editor, id, "save", ("Headline", "هجوم الجماعة الإرهابيّة على الميناء"), ("Body", "<p>أعلنت البحرية إسقاط طائرة مسيّرة.</p>"));
        Assert.Single(await HeadlinesAsync(site, "مسيره"));
        Assert.Empty(await HeadlinesAsync(site, "الزوارق"));

        await ActAsync(editor, id, "unpublish");
        Assert.Empty(await HeadlinesAsync(site, "الارهابيه"));

        await ActAsync(editor, id, "publish");
        Assert.Single(await HeadlinesAsync(site, "الارهابيه"));

        using (var deleted = await editor.SubmitFormAsync($"/newsroom/articles/{id}/delete", "form.confirm-delete", ("confirmLive", "true")))
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Empty(await HeadlinesAsync(site, "الارهابيه"));

        // The draft was never in the index (not counted, not shown) while it was a draft, and is found once published.
        Assert.Equal(0, await TotalAsync(site, "المفاوضات"));
        await ActAsync(editor, draft, "publish");
        Assert.Equal(["مسودة عن المفاوضات الإرهابيّة"], await HeadlinesAsync(site, "المفاوضات"));
    }
}
