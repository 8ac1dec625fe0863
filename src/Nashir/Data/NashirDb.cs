using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Nashir.Accounts;
using Nashir.Articles;
using Nashir.Audit;
using Nashir.Comments;
using Nashir.Media;
using Nashir.Search;
using Nashir.Site;

namespace Nashir.Data;

/// <summary>
/// The model, shared by every provider. Each provider has a derived context (<see cref="SqliteNashirDb"/>)
/// that owns its migrations, so the per-provider migration sets never mix.
/// </summary>
public class NashirDb(DbContextOptions options) : IdentityDbContext<NashirUser>(options)
{
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<ArticleSlug> ArticleSlugs => Set<ArticleSlug>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<TagSlug> TagSlugs => Set<TagSlug>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<Source> Sources => Set<Source>();
    public DbSet<MediaItem> Media => Set<MediaItem>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<SiteSettingsRow> SiteSettings => Set<SiteSettingsRow>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    public DbSet<ArticleAutosave> ArticleAutosaves => Set<ArticleAutosave>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<CommentBan> CommentBans => Set<CommentBan>();
    public DbSet<CommentReport> CommentReports => Set<CommentReport>();
    public DbSet<CommentWord> CommentWords => Set<CommentWord>();
    public DbSet<SearchOutboxEntry> SearchOutbox => Set<SearchOutboxEntry>();
    public DbSet<Social.SocialPost> SocialPosts => Set<Social.SocialPost>();
    public DbSet<ContentApi.ApiKey> ApiKeys => Set<ContentApi.ApiKey>();
    public DbSet<Wire.WireItem> WireItems => Set<Wire.WireItem>();
    public DbSet<Wire.WireFeedStatus> WireFeeds => Set<Wire.WireFeedStatus>();
    public DbSet<ArticleViewDay> ArticleViews => Set<ArticleViewDay>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Saves, and in the same transaction writes a search outbox row for every article whose indexed text or
    /// visibility the save changes, whichever code path made the change (editor, scheduler, taxonomy, import).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var (known, added) = await SearchOutboxPlan.CollectAsync(this, cancellationToken);
        var evictions = new EvictionPlan();
        evictions.Collect(this);
        if (known.Count == 0 && added.Count == 0)
        {
            var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await PlanEvictionsAsync(evictions, cancellationToken);
            return result;
        }

        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var now = DateTime.UtcNow;
            int saved;
            if (added.Count == 0)
            {
                SearchOutbox.AddRange(known.Select(id => new SearchOutboxEntry { ArticleId = id, EnqueuedAt = now }));
                saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            else
            {
                // New articles get their ids from the insert, so the rows that name them by id (search outbox, audit
                // entries, see AfterInsert) follow in a second write of the same transaction; nothing is written twice.
                saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
                known.UnionWith(added.Select(a => a.Id));
                SearchOutbox.AddRange(known.Select(id => new SearchOutboxEntry { ArticleId = id, EnqueuedAt = now }));
                RunAfterInsert();
                await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            await PlanEvictionsAsync(evictions, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
                SearchOutboxSignal.Raise();
            }
            else
            {
                // The caller's transaction commits later; the indexer's regular poll picks the rows up then.
                SearchOutboxSignal.RaiseLater();
            }
            return saved;
        }
        finally
        {
            if (ownTransaction is not null)
                await ownTransaction.DisposeAsync();
        }
    }

    private HashSet<string>? _evictions;

    /// <summary>
    /// Output-cache tags to evict once this context's transaction commits (or at once, outside one). SaveChanges adds
    /// what the tracked changes affect by itself (<see cref="EvictionPlan"/>); a bulk update that bypasses tracking
    /// names its tags here.
    /// </summary>
    public void EvictAfterCommit(params IEnumerable<string> tags) => (_evictions ??= new(StringComparer.Ordinal)).UnionWith(tags);

    private async Task PlanEvictionsAsync(EvictionPlan plan, CancellationToken ct)
    {
        await plan.ResolveAsync(this, ct);
        if (plan.Tags.Count > 0)
            EvictAfterCommit(plan.Tags);
        // Inside a transaction the commit runs them (EvictOnCommit); else the write is already committed.
        if (Database.CurrentTransaction is null)
            await FlushEvictionsAsync(ct);
    }

    internal async Task FlushEvictionsAsync(CancellationToken ct = default)
    {
        if (_evictions is not { Count: > 0 } tags)
            return;
        _evictions = null;
        var evictions = this.GetInfrastructure().GetService<IDbContextOptions>()?.FindExtension<CoreOptionsExtension>()
            ?.ApplicationServiceProvider?.GetService<CacheEvictions>();
        if (evictions is not null)
            await evictions.EvictAsync(tags, ct);
    }

    internal void DropEvictions() => _evictions = null;

    private List<(Articles.Article Article, Action<int> Fill)>? _afterInsert;

    /// <summary>
    /// Adds rows that name a new article by id (an audit entry, a wire item's link) once its insert has given it one,
    /// in the same SaveChanges and transaction, so the article is written once and the rows carry its id.
    /// </summary>
    internal void AfterInsert(Articles.Article article, Action<int> fill) => (_afterInsert ??= []).Add((article, fill));

    private void RunAfterInsert()
    {
        if (_afterInsert is null)
            return;
        var pending = _afterInsert;
        _afterInsert = null;
        foreach (var (article, fill) in pending)
            if (article.Id != 0 && Entry(article).State != EntityState.Detached)
                fill(article.Id);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Times are stored as UTC; SQLite hands them back unspecified, so mark them on the way in.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<NashirUser>(e => e.Property(u => u.DisplayName).HasMaxLength(100));
        b.Entity<ArticleRevision>(e =>
        {
            e.HasIndex(r => new { r.ArticleId, r.Version });
            e.HasOne(r => r.Article).WithMany(a => a.Revisions).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ArticleAutosave>(e =>
        {
            e.HasIndex(a => new { a.UserId, a.ArticleId, a.DraftKey }).IsUnique();
            e.Property(a => a.DraftKey).HasMaxLength(ArticleAutosave.DraftKeyLength);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.HasIndex(a => a.At);
            e.Property(a => a.Action).HasMaxLength(60);
            e.Property(a => a.TargetType).HasMaxLength(60);
        });
        b.Entity<Article>(e =>
        {
            e.HasIndex(a => a.Slug).IsUnique();
            e.HasIndex(a => new { a.Status, a.PublishedAt });
            e.HasIndex(a => new { a.Status, a.UpdatedAt });
            e.HasIndex(a => new { a.CategoryId, a.Status, a.PublishedAt });
            // The home page's lead: the newest featured story, a seek even when nothing is featured. Partial, because the
            // query's test is the bare column (EF writes `WHERE "IsFeatured"`), which SQLite matches to an index's WHERE
            // term but never to an index column.
            e.HasIndex(a => new { a.Status, a.PublishedAt }, "IX_Articles_Featured_Status_PublishedAt").HasFilter("\"IsFeatured\"");
            e.HasIndex(a => new { a.Status, a.ScheduledFor });
            e.HasIndex(a => a.CreatedById);
            e.HasIndex(a => a.ExternalId).IsUnique();
            e.Property(a => a.ExternalId).HasMaxLength(200);
            e.Property(a => a.Slug).HasMaxLength(200);
            e.Property(a => a.Headline).HasMaxLength(300);
            e.Property(a => a.Dek).HasMaxLength(600);
            e.Property(a => a.Byline).HasMaxLength(200);
            e.Property(a => a.LeadImageCaption).HasMaxLength(500);
            e.Property(a => a.LeadImageCredit).HasMaxLength(200);
            e.Property(a => a.LeadImageAlt).HasMaxLength(500);
            e.Property(a => a.SeoDescription).HasMaxLength(500);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.Ignore(a => a.LastChangedAt);
            e.HasOne(a => a.Category).WithMany(c => c.Articles).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(a => a.LeadImage).WithMany().OnDelete(DeleteBehavior.SetNull);
            // The links carry their article's publication time (kept by triggers, see ArticleLinkDates) so a tag's or an
            // author's newest articles are an index range on (TagsId, PublishedAt), never a walk through the archive.
            e.HasMany(a => a.Tags).WithMany(t => t.Articles).UsingEntity(TaxonomyEdits.ArticleTags, j =>
            {
                j.IndexerProperty<DateTime?>(ArticleLinkDates.PublishedAt);
                j.HasIndex(TaxonomyEdits.TagsId, ArticleLinkDates.PublishedAt, TaxonomyEdits.ArticlesId);
            });
            e.HasMany(a => a.Authors).WithMany(t => t.Articles).UsingEntity(TaxonomyEdits.ArticleAuthors, j =>
            {
                j.IndexerProperty<DateTime?>(ArticleLinkDates.PublishedAt);
                j.HasIndex(TaxonomyEdits.AuthorsId, ArticleLinkDates.PublishedAt, TaxonomyEdits.ArticlesId);
            });
            // The links' dates follow an article's by an AFTER UPDATE trigger, which SQLite's RETURNING cannot report.
            e.ToTable(t => t.UseSqlReturningClause(false));
            e.HasMany(a => a.Sources).WithMany(t => t.Articles).UsingEntity("ArticleSources");
        });
        b.Entity<ArticleSlug>(e =>
        {
            e.HasKey(s => s.Slug);
            e.Property(s => s.Slug).HasMaxLength(200);
            e.HasOne(s => s.Article).WithMany(a => a.OldSlugs).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Category>(e =>
        {
            e.HasIndex(c => c.Slug).IsUnique();
            e.Property(c => c.Slug).HasMaxLength(200);
            e.Property(c => c.Name).HasMaxLength(100);
        });
        b.Entity<Tag>(e =>
        {
            e.HasIndex(t => t.Slug).IsUnique();
            e.Property(t => t.Slug).HasMaxLength(200);
            e.Property(t => t.Name).HasMaxLength(100);
        });
        b.Entity<TagSlug>(e =>
        {
            e.HasKey(s => s.Slug);
            e.Property(s => s.Slug).HasMaxLength(200);
            e.HasOne(s => s.Tag).WithMany().OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Author>(e =>
        {
            e.HasIndex(a => a.Slug).IsUnique();
            e.Property(a => a.Slug).HasMaxLength(200);
            e.Property(a => a.Name).HasMaxLength(100);
            e.HasOne(a => a.Photo).WithMany().OnDelete(DeleteBehavior.SetNull);
        });
        b.Entity<Source>(e =>
        {
            e.HasIndex(s => s.Name).IsUnique();
            e.Property(s => s.Name).HasMaxLength(100);
        });
        b.Entity<MediaItem>(e => e.Property(m => m.Path).HasMaxLength(400));
        b.Entity<Comment>(e =>
        {
            e.HasIndex(c => new { c.ArticleId, c.Status, c.CreatedAt });
            e.HasIndex(c => new { c.Status, c.CreatedAt });
            e.Property(c => c.Name).HasMaxLength(60);
            e.Property(c => c.Subject).HasMaxLength(120);
            e.Property(c => c.Text).HasMaxLength(3000);
            e.Property(c => c.Email).HasMaxLength(254);
            e.Property(c => c.ClientHash).HasMaxLength(64);
            e.HasOne(c => c.Article).WithMany(a => a.Comments).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(c => c.Parent).WithMany().OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.ClientHash, c.CreatedAt });
            e.Property(c => c.HeldReason).HasMaxLength(200);
        });
        b.Entity<CommentBan>(e =>
        {
            e.HasIndex(x => x.ClientHash);
            e.HasIndex(x => x.Email);
            e.Property(x => x.ClientHash).HasMaxLength(64);
            e.Property(x => x.Email).HasMaxLength(254);
            e.Property(x => x.Reason).HasMaxLength(200);
        });
        b.Entity<CommentReport>(e =>
        {
            e.HasIndex(x => new { x.CommentId, x.ClientHash }).IsUnique();
            e.Property(x => x.ClientHash).HasMaxLength(64);
            e.HasOne<Comment>().WithMany().HasForeignKey(x => x.CommentId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<CommentWord>(e =>
        {
            e.HasIndex(x => new { x.Normalized, x.Kind }).IsUnique();
            e.Property(x => x.Word).HasMaxLength(100);
            e.Property(x => x.Normalized).HasMaxLength(100);
        });
        b.Entity<SearchOutboxEntry>(e => e.ToTable("SearchOutbox"));
        Social.SocialPost.Configure(b);
        ContentApi.ApiKey.Configure(b);
        b.Entity<SiteSettingsRow>(e =>
        {
            e.ToTable("SiteSettings");
            e.Property(s => s.Id).ValueGeneratedNever();
        });
        Wire.WireItem.Configure(b);
        ArticleViewDay.Configure(b);
    }

}

internal sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

/// <summary>The embedded default: a SQLite file. Its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqliteNashirDb(DbContextOptions<SqliteNashirDb> options) : NashirDb(options);
