using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Data;

namespace Nashir.Tests.Performance;

/// <summary>One SQL command a request ran, with its parameters, so its plan can be asked for later.</summary>
public sealed record CapturedCommand(string Sql, IReadOnlyList<KeyValuePair<string, object?>> Parameters);

/// <summary>
/// Records every command EF Core sends while a request is being answered (an async-local list set by a middleware
/// in front of the pipeline), so background work (the search indexer, the scheduler) never mixes in.
/// </summary>
public sealed class QueryCapture : DbCommandInterceptor
{
    private readonly AsyncLocal<List<CapturedCommand>?> _current = new();

    public List<CapturedCommand>? Last { get; private set; }

    public async Task RecordAsync(HttpContext http, Func<Task> next)
    {
        var commands = new List<CapturedCommand>();
        _current.Value = commands;
        try
        {
            await next();
        }
        finally
        {
            _current.Value = null;
            Last = commands;
        }
    }

    private void Note(DbCommand command)
    {
        if (_current.Value is not { } list)
            return;
        var parameters = command.Parameters.Cast<DbParameter>()
            .Select(p => KeyValuePair.Create(p.ParameterName, p.Value is DBNull ? null : p.Value))
            .ToList();
        lock (list)
            list.Add(new CapturedCommand(command.CommandText, parameters));
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }
}

/// <summary>The site with every request's SQL recorded (<see cref="QueryCapture"/>).</summary>
public sealed class QueryCapturingSite : NashirFactory
{
    public QueryCapture Capture { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.ConfigureDbContext<SqliteNashirDb>(o => o.AddInterceptors(Capture));
            services.Insert(0, ServiceDescriptor.Transient<IStartupFilter>(_ => new CaptureFilter(Capture)));
        });
    }

    /// <summary>Requests <paramref name="path"/> and returns the commands it ran.</summary>
    public async Task<List<CapturedCommand>> QueriesOfAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
        return Capture.Last ?? throw new InvalidOperationException("nothing recorded");
    }

    private sealed class CaptureFilter(QueryCapture capture) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) => capture.RecordAsync(http, () => nextMiddleware(http)));
            next(app);
        };
    }
}

/// <summary>SQLite's own account of how it runs a command: <c>EXPLAIN QUERY PLAN</c> on the site's database file.</summary>
public static partial class QueryPlans
{
    /// <summary>The tables that grow with the archive: a full SCAN of either is a cost that grows with it.</summary>
    public static readonly string[] ArchiveTables = ["Articles", "Comments"];

    public static async Task<List<string>> ExplainAsync(string databasePath, CapturedCommand command)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Sql;
        foreach (var (name, value) in command.Parameters)
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        var details = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            details.Add(reader.GetString(3));
        return details;
    }

    /// <summary>
    /// How much work SQLite does to answer <paramref name="command"/> in full: the virtual machine steps of its statements
    /// (SQLITE_STMTSTATUS_VM_STEP), which grow with every row visited. Reads only; a write answers null.
    /// </summary>
    public static async Task<long?> StepsAsync(string databasePath, CapturedCommand command)
    {
        if (!command.Sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
            return null;
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        connection.Handle!.enable_sqlite3_next_stmt(true);
        await using var run = connection.CreateCommand();
        run.CommandText = command.Sql;
        foreach (var (name, value) in command.Parameters)
            run.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await using var reader = await run.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
            }
        }
        while (await reader.NextResultAsync());
        long steps = 0;
        for (var stmt = SQLitePCL.raw.sqlite3_next_stmt(connection.Handle, null); stmt is not null; stmt = SQLitePCL.raw.sqlite3_next_stmt(connection.Handle, stmt))
            steps += SQLitePCL.raw.sqlite3_stmt_status(stmt, SQLitePCL.raw.SQLITE_STMTSTATUS_VM_STEP, 0);
        return steps;
    }

    /// <summary>The plan lines that scan a whole archive table, by its name or by the alias EF Core gave it.</summary>
    public static List<string> FullScans(string sql, IEnumerable<string> plan)
    {
        var names = new HashSet<string>(ArchiveTables, StringComparer.Ordinal);
        foreach (Match m in AliasPattern().Matches(sql))
            if (ArchiveTables.Contains(m.Groups["table"].Value, StringComparer.Ordinal))
                names.Add(m.Groups["alias"].Value);
        return plan.Where(line => ScanPattern().Match(line) is { Success: true } m && names.Contains(m.Groups["name"].Value)).ToList();
    }

    [GeneratedRegex("\"(?<table>\\w+)\" AS \"(?<alias>\\w+)\"")]
    private static partial Regex AliasPattern();

    [GeneratedRegex("^SCAN (?<name>\\w+)")]
    private static partial Regex ScanPattern();
}
