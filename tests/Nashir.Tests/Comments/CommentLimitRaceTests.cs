using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Nashir.Tests.Comments;

/// <summary>The per-minute limit holds when a client sends its comments all at once, not only one after another.</summary>
public sealed class CommentLimitRaceTests
{
    [Fact]
    public async Task Twenty_comments_sent_at_once_get_exactly_the_five_a_minute_allows()
    {
        using var site = new NashirFactory();
        var article = await site.PublishAsync("خبر");
        var path = NashirFactory.ArticlePath(article.Slug) + "?handler=Comment";
        var reader = site.CreateReader();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var form = new FormUrlEncodedContent([new("Name", "قارئ"), new("Text", $"تعليق متزامن رقم {i}")]);
            using var response = await reader.PostAsync(path, form);
            return response.StatusCode;
        }));

        Assert.Equal(5, answers.Count(s => s == HttpStatusCode.Redirect));
        Assert.Equal(15, answers.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(5, await site.WithDbAsync(db => db.Comments.CountAsync()));
    }
}
