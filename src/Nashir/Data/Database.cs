using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nashir.Data;

/// <summary>Provider choice and schema upgrades: the one place that knows which database is in use.</summary>
public static class Database
{
    public static IServiceCollection AddNashirDatabase(this IServiceCollection services, NashirOptions options)
    {
        var connectionString = SqliteConnectionString(options);
        services.AddSingleton<Site.SiteSettingsCache>();
        services.AddSingleton<Site.SiteCacheInvalidation>();
        services.AddDbContext<NashirDb, SqliteNashirDb>((sp, o) => o.UseSqlite(connectionString)
            .AddInterceptors(sp.GetRequiredService<Site.SiteCacheInvalidation>(), new Site.EvictOnCommit()));
        return services;
    }

    /// <summary>
    /// A transaction in which a count and the write it allows cannot interleave with another's (a rate limit: count
    /// the client's recent rows, then insert one), between requests, processes and nodes. On SQLite every transaction
    /// begins IMMEDIATE, taking the database's one write lock before its first read. PostgreSQL will need
    /// <c>IsolationLevel.Serializable</c> here and a retry of the whole unit on a serialization failure (40001).
    /// </summary>
    public static Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginCheckedWriteAsync(this NashirDb db, CancellationToken ct) =>
        db.Database.BeginTransactionAsync(ct);

    public static string SqliteConnectionString(NashirOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
            return options.ConnectionString;
        Directory.CreateDirectory(options.DataPath);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(options.DatabasePath),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Applies pending migrations and switches the file to WAL (persistent, so once is enough).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite context without starting the site.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteNashirDb>
{
    public SqliteNashirDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteNashirDb>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Ready means the database answers; <c>/healthz</c> uses it.</summary>
public sealed class DatabaseHealthCheck(NashirDb db) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("database unreachable");
}
