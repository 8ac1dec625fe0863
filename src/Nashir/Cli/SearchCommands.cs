using System.Globalization;
using Nashir.Arabic;
using Nashir.Import;
using Nashir.Search;
using Nashir.Site;
using Spectre.Console;

namespace Nashir.Cli;

/// <summary><c>nashir reindex</c>, <c>nashir search</c> and <c>nashir import jsonl</c>.</summary>
public static class SearchCommands
{
    /// <summary>Builds a new index from the database beside the one in use, then swaps; the running site follows the swap.</summary>
    public static async Task<int> ReindexAsync(IServiceProvider services, Terminal terminal)
    {
        var index = services.GetRequiredService<SearchIndex>();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var started = DateTime.UtcNow;
        string name = "";
        await Progress(terminal).StartAsync(async ctx =>
        {
            var task = ctx.AddTask("فهرسة المقالات (indexing)", maxValue: 1);
            name = await SearchIndexer.RebuildAsync(scopes, index, new Reporter(task), CancellationToken.None);
            task.Value = task.MaxValue;
        });
        var took = DateTime.UtcNow - started;
        // With no site running, nobody else will clear the old index away.
        using (var writing = index.TryLockWriting())
        {
            if (writing is not null)
                index.DeleteStale();
        }
        terminal.Ansi.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[green]تم بناء الفهرس {name}[/] in {took.TotalSeconds:0.0} s. A running site switches to it within a second.");
        return 0;
    }

    /// <summary>Prints the hits for a query, as readers would get them.</summary>
    public static async Task<int> SearchAsync(IServiceProvider services, string[] args, Terminal terminal)
    {
        var text = string.Join(' ', args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)));
        var sort = args.Contains("--newest") ? SearchSort.Newest : SearchSort.Relevance;
        await using var scope = services.CreateAsyncScope();
        var search = scope.ServiceProvider.GetRequiredService<ArticleSearch>();
        var results = await search.SearchAsync(new SearchRequest { Text = text, Sort = sort, PageSize = 20 });
        if (results.Problem != SearchProblem.None || results.Total == 0)
        {
            terminal.Error.WriteLine(results.Message ?? "اكتب ما تبحث عنه: nashir search \"كلمات البحث\"");
            return results.Problem is SearchProblem.None ? 1 : 2;
        }
        var table = new Table().AddColumns("#", "التاريخ", "العنوان", "الرابط");
        var i = 0;
        foreach (var hit in results.Hits)
            table.AddRow((++i).ToString(CultureInfo.InvariantCulture), hit.Card.PublishedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                Markup.Escape(hit.Card.Headline), Markup.Escape(NashirLinks.Article(hit.Card.Slug)));
        terminal.Ansi.Write(table);
        terminal.Ansi.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{ArabicPlural.Count(results.Total, Articles.Nouns.Articles)} · {results.Took.TotalMilliseconds:0.0} ms{(results.Relaxed ? " · نتائج تحوي بعض الكلمات" : "")}");
        return 0;
    }

    /// <summary>Imports a JSON Lines file (gzipped or not) as published articles, then brings the index up to date.</summary>
    public static async Task<int> ImportAsync(IServiceProvider services, string[] args, Terminal terminal)
    {
        if (args.Length < 2 || args[0] != "jsonl")
        {
            terminal.Error.WriteLine("الاستخدام: nashir import jsonl <file.jsonl[.gz]>   (usage)");
            return 2;
        }
        var path = args[1];
        if (!File.Exists(path))
        {
            terminal.Error.WriteLine($"الملف غير موجود: {path} (file not found)");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var frame = await scope.ServiceProvider.GetRequiredService<SiteContext>().GetAsync();
        var importer = scope.ServiceProvider.GetRequiredService<ArticleImporter>();
        var problems = new List<ImportProblem>();
        ImportReport? report = null;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            await Progress(terminal).StartAsync(async ctx =>
            {
                var task = ctx.AddTask("استيراد المقالات (import)", maxValue: file.Length);
                var records = JsonlArticles.ReadAsync(file, frame.Settings.TimeZone, p =>
                {
                    problems.Add(p);
                    terminal.Ansi.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]سطر {p.Line}: {p.Message}[/]");
                });
                report = await importer.ImportAsync(records, file.Length, new Progress<ImportProgress>(p =>
                {
                    task.Value = p.Position;
                    task.Description = $"استيراد المقالات (import): {p.Added + p.Updated + p.Unchanged:N0}";
                }), CancellationToken.None);
                task.Value = task.MaxValue;
            });
        }
        terminal.Ansi.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"[green]تم الاستيراد[/]: {report!.Added:N0} new, {report.Updated:N0} updated, {report.Unchanged:N0} unchanged, {problems.Count:N0} skipped lines, in {report.Took.TotalSeconds:0.0} s.");

        var started = DateTime.UtcNow;
        try
        {
            await Progress(terminal).StartAsync(async ctx =>
            {
                var task = ctx.AddTask("تحديث فهرس البحث (indexing)", maxValue: 1);
                await services.GetRequiredService<SearchIndexer>().CatchUpAsync(new Reporter(task), CancellationToken.None);
                task.Value = task.MaxValue;
            });
            terminal.Ansi.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[green]فهرس البحث محدَّث[/] in {(DateTime.UtcNow - started).TotalSeconds:0.0} s.");
        }
        catch (SearchIndexBusyException)
        {
            // The running site holds the index and is applying the same changes now.
            terminal.Ansi.MarkupLine("الموقع يعمل ويحدّث فهرس البحث بنفسه الآن. The running site is indexing the imported articles.");
        }
        return problems.Count > 0 && report.Added + report.Updated + report.Unchanged == 0 ? 1 : 0;
    }

    private static Progress Progress(Terminal terminal) =>
        terminal.Ansi.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn());

    private sealed class Reporter(ProgressTask task) : IProgress<IndexProgress>
    {
        public void Report(IndexProgress value)
        {
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = value.Done;
        }
    }
}
