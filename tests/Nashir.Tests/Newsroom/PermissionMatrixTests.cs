using System.Net;
using Nashir.Accounts;

namespace Nashir.Tests.Newsroom;

/// <summary>Each role against each newsroom area: allowed (200) or forbidden (403), nothing in between.</summary>
public sealed class PermissionMatrixTests : IClassFixture<PermissionMatrixTests.Site>
{
    public sealed class Site() : NashirFactory(demoContent: true);

    private readonly Site _site;

    public PermissionMatrixTests(Site site) => _site = site;

    private static readonly string[] Areas =
    [
        "/newsroom", "/newsroom/articles", "/newsroom/articles/new", "/newsroom/articles/1", "/newsroom/articles/1/revisions", "/newsroom/articles/1/delete",
        "/newsroom/media", "/newsroom/comments", "/newsroom/comments/words", "/newsroom/taxonomy", "/newsroom/taxonomy/tags",
        "/newsroom/users", "/newsroom/users/new", "/newsroom/audit", "/newsroom/account",
        "/newsroom/social", "/newsroom/wire", "/newsroom/api-keys",
    ];

    // Allowed areas per role; everything else in Areas must be 403. Article 1 is published demo content,
    // so only those who may edit published articles (Editors, Admins) open it.
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        [Roles.Admin] = Areas,
        [Roles.Editor] = [.. Areas.Except(["/newsroom/users", "/newsroom/users/new", "/newsroom/audit", "/newsroom/api-keys"])],
        [Roles.Writer] = ["/newsroom", "/newsroom/articles", "/newsroom/articles/new", "/newsroom/media", "/newsroom/account", "/newsroom/wire"],
        [Roles.Moderator] = ["/newsroom", "/newsroom/comments", "/newsroom/comments/words", "/newsroom/account"],
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var role in Roles.All)
        {
            foreach (var area in Areas)
                data.Add(role, area);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Role_reaches_exactly_its_areas(string role, string area)
    {
        var client = await _site.SignInAsync(role);

        using var response = await client.GetAsync(area);

        var expected = Allowed[role].Contains(area) ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("/newsroom/articles")]
    [InlineData("/newsroom/users")]
    [InlineData("/newsroom/comments")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string area)
    {
        using var response = await _site.CreateReader().GetAsync(area);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/newsroom/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
