using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nashir.Accounts;

namespace Nashir.Tests.Newsroom;

/// <summary>
/// Two editors open the same version; the first saves. The second's save keeps the first's changes to every field the
/// second did not touch (a three-way merge against the version both opened), and asks only where both changed a field.
/// </summary>
public sealed class EditConflictTests
{
    private static async Task<(NashirFactory Site, HttpClient Alice, HttpClient Bob, int Id, AngleSharp.Dom.IElement AliceForm, AngleSharp.Dom.IElement BobForm)> OpenTwiceAsync()
    {
        var site = new NashirFactory();
        var alice = await site.SignInAsync(Roles.Editor);
        var bob = await site.SignInAsync(Roles.Editor);
        using var created = await alice.SubmitFormAsync("/newsroom/articles/new", "#article-form",
            ("Headline", "العنوان الأول"), ("Dek", "الموجز الأول"), ("Body", "<p>النص الأول.</p>"), ("action", "save"));
        var id = int.Parse(created.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        var aliceForm = (await alice.GetDocumentAsync($"/newsroom/articles/{id}")).QuerySelector("#article-form")!;
        var bobForm = (await bob.GetDocumentAsync($"/newsroom/articles/{id}")).QuerySelector("#article-form")!;
        return (site, alice, bob, id, aliceForm, bobForm);
    }

    private static Task<T> ReadAsync<T>(NashirFactory site, int id, Func<Nashir.Articles.Article, T> pick) =>
        site.WithDbAsync(async db => pick(await db.Articles.Include(a => a.Tags).SingleAsync(a => a.Id == id)));

    [Fact]
    public async Task Saving_over_a_newer_version_keeps_the_other_editors_headline_dek_tags_and_flags()
    {
        var (site, alice, bob, id, aliceForm, bobForm) = await OpenTwiceAsync();
        using var _ = site;
        using (var first = await alice.SubmitFormAsync(aliceForm, $"/newsroom/articles/{id}",
            ("Headline", "عنوان أليس"), ("Dek", "موجز أليس"), ("Tags", "اليمن"), ("IsBreaking", "true"), ("action", "save")))
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        using var second = await bob.SubmitFormAsync(bobForm, $"/newsroom/articles/{id}", ("Body", "<p>نص بوب.</p>"), ("action", "save"));

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var saved = await ReadAsync(site, id, a => (a.Headline, a.Dek, a.Body, Tags: string.Join(",", a.Tags.Select(t => t.Name)), a.IsBreaking, a.Version));
        Assert.Equal(("عنوان أليس", "موجز أليس", "<p dir=\"rtl\">نص بوب.</p>", "اليمن", true, 3), saved);
    }

    [Fact]
    public async Task A_body_saved_before_directions_were_decided_is_no_change_of_the_second_editors()
    {
        var (site, alice, bob, id, aliceForm, _) = await OpenTwiceAsync();
        using var _ = site;
        // The article and the revision both editors open, as stored before blocks carried their direction.
        await site.WithDbAsync(async db =>
        {
            await db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Body, "<p dir=\"auto\">النص الأول.</p>"));
            await db.ArticleRevisions.Where(r => r.ArticleId == id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Body, "<p dir=\"auto\">النص الأول.</p>"));
        });
        aliceForm = (await alice.GetDocumentAsync($"/newsroom/articles/{id}")).QuerySelector("#article-form")!;
        var bobForm = (await bob.GetDocumentAsync($"/newsroom/articles/{id}")).QuerySelector("#article-form")!;
        using (var first = await alice.SubmitFormAsync(aliceForm, $"/newsroom/articles/{id}", ("Body", "<p>نص أليس.</p>"), ("action", "save")))
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        // Bob touches only the headline; the body his form sends back is the old one, which his save would give a direction.
        using var second = await bob.SubmitFormAsync(bobForm, $"/newsroom/articles/{id}", ("Headline", "عنوان بوب"), ("action", "save"));

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(("عنوان بوب", "<p dir=\"rtl\">نص أليس.</p>"), await ReadAsync(site, id, a => (a.Headline, a.Body)));
    }

    [Fact]
    public async Task A_field_both_changed_is_shown_with_both_values_and_the_editor_chooses()
    {
        var (site, alice, bob, id, aliceForm, bobForm) = await OpenTwiceAsync();
        using var _ = site;
        using (var first = await alice.SubmitFormAsync(aliceForm, $"/newsroom/articles/{id}",
            ("Headline", "عنوان أليس"), ("Dek", "موجز أليس"), ("Tags", "اليمن"), ("action", "save")))
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        using var second = await bob.SubmitFormAsync(bobForm, $"/newsroom/articles/{id}",
            ("Headline", "عنوان بوب"), ("Body", "<p>نص بوب.</p>"), ("action", "save"));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var page = Html.Parse(await second.Content.ReadAsStringAsync());
        var rows = page.QuerySelectorAll(".conflict-fields tr.conflict-field").ToDictionary(r => r.GetAttribute("data-field")!);
        Assert.Equal(["Headline", "Dek", "Body", "Tags"], rows.Keys);
        Assert.Equal(("عنوان بوب", "عنوان أليس"), (rows["Headline"].QuerySelector(".mine")!.Text(), rows["Headline"].QuerySelector(".theirs")!.Text()));
        Assert.NotNull(rows["Headline"].QuerySelector("input[type=checkbox][name=Keep][value=Headline]"));
        Assert.Null(rows["Dek"].QuerySelector("input[name=Keep]")); // only Alice changed it: hers is kept, no question
        // The form holds Bob's headline and body, and Alice's dek and tags; nothing typed is lost.
        Assert.Equal("عنوان بوب", page.QuerySelector("#headline")!.GetAttribute("value"));
        Assert.Equal("<p>نص بوب.</p>", page.QuerySelector("#body")!.TextContent);
        Assert.Equal("موجز أليس", page.QuerySelector("#dek")!.TextContent);
        Assert.Equal("اليمن", page.QuerySelector("#tags")!.GetAttribute("value"));

        // Bob takes Alice's headline and saves.
        using var again = await bob.SubmitFormAsync(page.QuerySelector("#article-form")!, $"/newsroom/articles/{id}", ("Keep", "Headline"), ("action", "save"));

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var saved = await ReadAsync(site, id, a => (a.Headline, a.Dek, a.Body, Tags: string.Join(",", a.Tags.Select(t => t.Name))));
        Assert.Equal(("عنوان أليس", "موجز أليس", "<p dir=\"rtl\">نص بوب.</p>", "اليمن"), saved);
    }

    [Fact]
    public async Task Keeping_ones_own_value_after_a_conflict_keeps_the_others_changes_elsewhere()
    {
        var (site, alice, bob, id, aliceForm, bobForm) = await OpenTwiceAsync();
        using var _ = site;
        using (var first = await alice.SubmitFormAsync(aliceForm, $"/newsroom/articles/{id}", ("Headline", "عنوان أليس"), ("Dek", "موجز أليس"), ("action", "save")))
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var second = await bob.SubmitFormAsync(bobForm, $"/newsroom/articles/{id}", ("Headline", "عنوان بوب"), ("action", "save"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);

        using var again = await bob.SubmitFormAsync(Html.Parse(await second.Content.ReadAsStringAsync()).QuerySelector("#article-form")!,
            $"/newsroom/articles/{id}", ("action", "save"));

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(("عنوان بوب", "موجز أليس"), await ReadAsync(site, id, a => (a.Headline, a.Dek)));
    }

    [Fact]
    public async Task A_save_that_changed_nothing_raises_no_conflict_and_reverts_nothing()
    {
        var (site, alice, bob, id, aliceForm, bobForm) = await OpenTwiceAsync();
        using var _ = site;
        using (var first = await alice.SubmitFormAsync(aliceForm, $"/newsroom/articles/{id}", ("Headline", "عنوان أليس"), ("action", "save")))
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        using var second = await bob.SubmitFormAsync(bobForm, $"/newsroom/articles/{id}", ("action", "save"));

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(("عنوان أليس", 2), await ReadAsync(site, id, a => (a.Headline, a.Version)));
        Assert.Equal(2, await site.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == id)));
    }
}
