using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Tests.Media;

namespace Nashir.Tests.Security;

/// <summary>
/// Every POST handler under /newsroom, as the framework dispatches them, against every role, each post carrying a
/// valid anti-forgery token: a refused role gets 403 (or the sign-in redirect when anonymous) and leaves no audit
/// entry; an allowed one is never refused and never a 500. A handler added without a row in <see cref="Matrix"/>
/// fails <see cref="Every_newsroom_handler_has_a_row"/>.
/// </summary>
public sealed class HandlerMatrixTests(HandlerMatrixTests.Site site) : IClassFixture<HandlerMatrixTests.Site>
{
    private const string Anonymous = "Anonymous";

    private static readonly string[] Everyone = [Anonymous, Roles.Admin, Roles.Editor, Roles.Writer, Roles.Moderator];
    private static readonly string[] Newsroom = [Roles.Admin, Roles.Editor, Roles.Writer, Roles.Moderator];
    private static readonly string[] Write = [Roles.Admin, Roles.Editor, Roles.Writer];
    private static readonly string[] Publish = [Roles.Admin, Roles.Editor];
    private static readonly string[] Moderate = [Roles.Admin, Roles.Editor, Roles.Moderator];
    private static readonly string[] Admin = [Roles.Admin];

    /// <summary>A row of the matrix: the handler, the address it is posted to, and who may use it.</summary>
    public sealed record Row(string Handler, string Path, string[] Allowed, bool EndsSession = false);

    // {article}: a demo article, published, by nobody in the test; {media}: its lead picture, uploaded by another
    // admin (so deleting it is always refused as "in use"); {user}: an account that is none of the signed-in ones.
    // Writers are refused what belongs to others or is live.
    private static readonly Row[] Matrix =
    [
        new("/Newsroom/Login", "/newsroom/login", Everyone),
        new("/Newsroom/LoginCode", "/newsroom/login/code", Everyone),
        new("/Newsroom/Logout", "/newsroom/logout", Everyone, EndsSession: true),
        new("/Newsroom/Setup", "/newsroom/setup", Everyone),
        new("/Newsroom/Account/Index?handler=Password", "/newsroom/account?handler=Password", Newsroom),
        new("/Newsroom/Account/Index?handler=DisableTwoFactor", "/newsroom/account?handler=DisableTwoFactor", Newsroom),
        new("/Newsroom/Account/TwoFactor", "/newsroom/account/two-factor", Newsroom),
        new("/Newsroom/ApiKeys/Index?handler=Create", "/newsroom/api-keys?handler=Create", Admin),
        new("/Newsroom/ApiKeys/Index?handler=Revoke", "/newsroom/api-keys?handler=Revoke", Admin),
        new("/Newsroom/Articles/Edit", "/newsroom/articles/new", Write),
        new("/Newsroom/Articles/Edit?handler=Autosave", "/newsroom/articles/new?handler=Autosave", Write),
        new("/Newsroom/Articles/Revisions?handler=Restore", "/newsroom/articles/{article}/revisions?handler=Restore&version=1", Publish),
        new("/Newsroom/Articles/Delete", "/newsroom/articles/{article}/delete", Publish),
        new("/Newsroom/Articles/Delete?handler=Unpublish", "/newsroom/articles/{article}/delete?handler=Unpublish", Publish),
        new("/Newsroom/Comments/Index?handler=Decide", "/newsroom/comments?handler=Decide", Moderate),
        new("/Newsroom/Comments/Index?handler=Ban", "/newsroom/comments?handler=Ban", Moderate),
        new("/Newsroom/Comments/Words?handler=Add", "/newsroom/comments/words?handler=Add", Moderate),
        new("/Newsroom/Comments/Words?handler=Delete", "/newsroom/comments/words?handler=Delete", Moderate),
        new("/Newsroom/Media/Index", "/newsroom/media", Write),
        new("/Newsroom/Media/Edit", "/newsroom/media/{media}", Publish),
        new("/Newsroom/Media/Edit?handler=Delete", "/newsroom/media/{media}?handler=Delete", Publish),
        new("/Newsroom/Social/Index?handler=Retry", "/newsroom/social?handler=Retry", Publish),
        new("/Newsroom/Taxonomy/Index?handler=Create", "/newsroom/taxonomy?handler=Create", Publish),
        new("/Newsroom/Taxonomy/Index?handler=Update", "/newsroom/taxonomy?handler=Update", Publish),
        new("/Newsroom/Taxonomy/Index?handler=Delete", "/newsroom/taxonomy?handler=Delete", Publish),
        new("/Newsroom/Taxonomy/Authors?handler=Create", "/newsroom/taxonomy/authors?handler=Create", Publish),
        new("/Newsroom/Taxonomy/Authors?handler=Update", "/newsroom/taxonomy/authors?handler=Update", Publish),
        new("/Newsroom/Taxonomy/Sources?handler=Create", "/newsroom/taxonomy/sources?handler=Create", Publish),
        new("/Newsroom/Taxonomy/Sources?handler=Update", "/newsroom/taxonomy/sources?handler=Update", Publish),
        new("/Newsroom/Taxonomy/Tags?handler=Rename", "/newsroom/taxonomy/tags?handler=Rename", Publish),
        new("/Newsroom/Taxonomy/Tags?handler=Merge", "/newsroom/taxonomy/tags?handler=Merge", Publish),
        new("/Newsroom/Users/New", "/newsroom/users/new", Admin),
        new("/Newsroom/Users/Edit?handler=Roles", "/newsroom/users/{user}?handler=Roles", Admin),
        new("/Newsroom/Users/Edit?handler=Disable", "/newsroom/users/{user}?handler=Disable", Admin),
        new("/Newsroom/Users/Edit?handler=Enable", "/newsroom/users/{user}?handler=Enable", Admin),
        new("/Newsroom/Users/Edit?handler=ResetPassword", "/newsroom/users/{user}?handler=ResetPassword", Admin),
        new("/Newsroom/Wire/Index?handler=Adopt", "/newsroom/wire?handler=Adopt", Write),
        new("/Newsroom/Wire/Index?handler=Fetch", "/newsroom/wire?handler=Fetch", Publish),
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Matrix)
        {
            foreach (var role in Everyone)
                data.Add(row.Handler, role);
        }
        return data;
    }

    public static TheoryData<string> Handlers => [.. Matrix.Select(r => r.Handler)];

    [Fact]
    public async Task Every_newsroom_handler_has_a_row()
    {
        var found = await site.PostHandlersAsync();

        var missing = found.Except(Matrix.Select(r => r.Handler), StringComparer.Ordinal).ToList();
        var gone = Matrix.Select(r => r.Handler).Except(found, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "POST handlers with no row in the matrix (say who may use them):\n" + string.Join('\n', missing));
        Assert.True(gone.Count == 0, "Rows for handlers that no longer exist:\n" + string.Join('\n', gone));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Post_with_a_valid_token_is_refused_or_allowed_as_the_matrix_says(string handler, string role)
    {
        var row = Matrix.Single(r => r.Handler == handler);
        var client = await site.ClientAsync(role, fresh: row.EndsSession);
        var path = await site.ResolveAsync(row.Path);
        var auditBefore = await site.AuditCountAsync();

        using var response = await client.PostAsync(path, await site.FormWithTokenAsync(client, role));

        var status = (int)response.StatusCode;
        var location = response.Headers.Location is { } l ? new Uri(new Uri("http://localhost/"), l) : null;
        var sentToSignIn = status == 302 && location is { AbsolutePath: "/newsroom/login" } && location.Query.StartsWith("?ReturnUrl=", StringComparison.Ordinal);
        Assert.True(status < 500, $"{role} → {handler}: answered {status}");
        if (row.Allowed.Contains(role))
        {
            Assert.True(status != 403 && status != 401 && !sentToSignIn, $"{role} → {handler}: refused ({status} {location}) but the matrix allows it");
        }
        else
        {
            var expected = role == Anonymous ? "302 to sign-in" : "403";
            Assert.True(role == Anonymous ? sentToSignIn : status == 403, $"{role} → {handler}: answered {status} {location}, expected {expected}");
            Assert.Equal(auditBefore, await site.AuditCountAsync());
        }
    }

    [Theory]
    [MemberData(nameof(Handlers))]
    public async Task Post_without_a_token_is_a_400(string handler)
    {
        var row = Matrix.Single(r => r.Handler == handler);
        var role = row.Allowed[0];
        var client = await site.ClientAsync(role, fresh: row.EndsSession);
        var path = await site.ResolveAsync(row.Path);
        var auditBefore = await site.AuditCountAsync();

        using var response = await client.PostAsync(path, new FormUrlEncodedContent([new("Name", "بلا رمز")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("طلب غير صالح", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("h1")?.Text());
        Assert.Equal(auditBefore, await site.AuditCountAsync());
    }

    /// <summary>The demo site, a signed-in client per role, and something of each kind for the handlers to act on.</summary>
    public sealed class Site() : NashirFactory(demoContent: true)
    {
        private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
        private Dictionary<string, string>? _targets;

        public async Task<HttpClient> ClientAsync(string role, bool fresh)
        {
            if (!fresh && _clients.TryGetValue(role, out var known))
                return known;
            var client = role == Anonymous ? CreateReader() : await SignInAsync(role);
            if (!fresh)
                _clients[role] = client;
            return client;
        }

        /// <summary>The anti-forgery token a page this client may open carries, with one field every handler ignores.</summary>
        public async Task<FormUrlEncodedContent> FormWithTokenAsync(HttpClient client, string role)
        {
            var page = await client.GetDocumentAsync(role == Anonymous ? "/newsroom/login" : "/newsroom/account");
            var token = page.QuerySelector("form[method=post] input[name=__RequestVerificationToken]")?.GetAttribute("value")
                ?? throw new InvalidOperationException("No anti-forgery token on the page");
            return new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Name", "")]);
        }

        public async Task<string> ResolveAsync(string path)
        {
            _targets ??= await PrepareTargetsAsync();
            foreach (var (name, value) in _targets)
                path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
            return path;
        }

        public Task<int> AuditCountAsync() => WithDbAsync(db => db.AuditLog.CountAsync());

        /// <summary>Each POST handler of the newsroom's pages, as "/Newsroom/Page?handler=Name" (no query for the default one).</summary>
        public async Task<IReadOnlyList<string>> PostHandlersAsync()
        {
            var pages = Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items.OfType<PageActionDescriptor>()
                .Where(p => p.ViewEnginePath.StartsWith("/Newsroom/", StringComparison.Ordinal));
            var loader = Services.GetRequiredService<PageLoader>();
            var handlers = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var page in pages)
            {
                var compiled = await loader.LoadAsync(page, EndpointMetadataCollection.Empty);
                foreach (var handler in compiled.HandlerMethods.Where(h => HttpMethods.IsPost(h.HttpMethod)))
                    handlers.Add(page.ViewEnginePath + (handler.Name is null ? "" : "?handler=" + handler.Name));
            }
            return [.. handlers];
        }

        private async Task<Dictionary<string, string>> PrepareTargetsAsync()
        {
            var (admin, _) = await CreateUserAsync(Roles.Admin);
            var (bystander, _) = await CreateUserAsync(Roles.Writer);
            var article = await WithDbAsync(db => db.Articles.Where(a => a.Status == ArticleStatus.Published).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
            await using var scope = Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<Nashir.Media.MediaStore>();
            var owner = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, admin.Id)], "test"));
            using var png = new MemoryStream(TestImages.Png(64, 48));
            var media = await store.SaveUploadAsync(png, "matrix.png", png.Length, new Nashir.Media.MediaDetails("صورة", null, "صورة"), owner, CancellationToken.None);
            await WithDbAsync(db => db.Articles.Where(a => a.Id == article).ExecuteUpdateAsync(a => a.SetProperty(x => x.LeadImageId, media.Item!.Id)));
            return new(StringComparer.Ordinal)
            {
                ["article"] = article.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["media"] = media.Item!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["user"] = Uri.EscapeDataString(bystander.Id),
            };
        }

        protected override void Dispose(bool disposing)
        {
            foreach (var client in _clients.Values)
                client.Dispose();
            base.Dispose(disposing);
        }
    }
}
