using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Nashir.Search;

/// <summary>
/// The Lucene index on disk, under <c>{DataPath}/search</c>. Each build lives in its own folder and the file
/// <c>CURRENT</c> names the one in use, so <c>nashir reindex</c> can build a new index while the site serves the
/// old one and then swap with one atomic rename. In the site, the indexer attaches its writer and searches see its
/// changes as soon as they are committed; elsewhere (the CLI) the index is opened read-only.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    public const string CommitApplied = "outbox";
    public const string CommitBuilt = "built";
    private const string Pointer = "CURRENT";

    private readonly System.Threading.Lock _gate = new();
    private SearcherManager? _manager;
    private LuceneDirectory? _readOnlyDirectory;
    private string? _openName;
    private bool _attached;
    private long _lastRefreshTicks;

    public SearchIndex(IOptions<NashirOptions> options) => Root = Path.GetFullPath(Path.Combine(options.Value.DataPath, "search"));

    public string Root { get; }

    public static Similarity Similarity { get; } = new BM25Similarity();

    /// <summary>The folder name of the index in use, or null when none has been built.</summary>
    public string? CurrentName
    {
        get
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(Root, Pointer)).Trim();
                return name.Length > 0 && System.IO.Directory.Exists(Path.Combine(Root, name)) ? name : null;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>True once an index exists and searches can run (false during the very first build).</summary>
    public bool IsReady
    {
        get
        {
            lock (_gate)
                return _manager is not null || CurrentName is not null;
        }
    }

    public static string NewName() =>
        "index-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];

    public static LuceneDirectory OpenDirectory(string path) => FSDirectory.Open(new DirectoryInfo(path));

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Makes <paramref name="name"/> the index in use, atomically: readers see the old name or the new one.</summary>
    public void SetCurrent(string name)
    {
        System.IO.Directory.CreateDirectory(Root);
        var temp = Path.Combine(Root, Pointer + "." + Guid.NewGuid().ToString("N") + ".tmp");
        File.WriteAllText(temp, name);
        File.Move(temp, Path.Combine(Root, Pointer), overwrite: true);
    }

    /// <summary>
    /// The right to write to the index, across processes (the site, <c>nashir import</c>): one holder at a time.
    /// Returns null when another process holds it. Builds in new folders (<c>nashir reindex</c>) need no lock.
    /// </summary>
    public IDisposable? TryLockWriting()
    {
        System.IO.Directory.CreateDirectory(Root);
        try
        {
            // FileShare.None takes an exclusive flock on Unix: released by the OS if the holder dies.
            return new FileStream(Path.Combine(Root, "write.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes index folders older than the current one. Call only while holding <see cref="TryLockWriting"/>.
    /// A newer folder is a build in progress in another process (names sort by build time), so it stays.
    /// </summary>
    public void DeleteStale()
    {
        var current = CurrentName;
        if (current is null || !System.IO.Directory.Exists(Root))
            return;
        foreach (var folder in System.IO.Directory.EnumerateDirectories(Root, "index-*"))
        {
            var name = Path.GetFileName(folder);
            if (string.CompareOrdinal(name, current) >= 0)
                continue;
            try
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // REVIEW: still in use by a reader in another process; the next clean-up takes it.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Called by the indexer: from now on searches read this writer's committed state (near real time).</summary>
    internal void Attach(IndexWriter writer, string name)
    {
        var manager = new SearcherManager(writer, applyAllDeletes: true, new BM25SearcherFactory());
        SearcherManager? old;
        LuceneDirectory? oldDirectory;
        lock (_gate)
        {
            old = _manager;
            oldDirectory = _readOnlyDirectory;
            _manager = manager;
            _readOnlyDirectory = null;
            _openName = name;
            _attached = true;
        }
        old?.Dispose();
        oldDirectory?.Dispose();
    }

    internal void Detach()
    {
        SearcherManager? old;
        lock (_gate)
        {
            old = _manager;
            _manager = null;
            _openName = null;
            _attached = false;
        }
        old?.Dispose();
    }

    /// <summary>After the indexer commits: make the change visible to new searches.</summary>
    internal void Refresh()
    {
        SearcherManager? manager;
        lock (_gate)
            manager = _manager;
        manager?.MaybeRefreshBlocking();
    }

    /// <summary>A searcher to use and dispose, or null when there is no index yet.</summary>
    public SearchLease? Acquire()
    {
        SearcherManager? manager;
        lock (_gate)
        {
            if (!_attached)
                OpenReadOnlyIfChanged();
            manager = _manager;
        }
        if (manager is null)
            return null;
        if (!_attached && Environment.TickCount64 - Interlocked.Read(ref _lastRefreshTicks) > 1000)
        {
            Interlocked.Exchange(ref _lastRefreshTicks, Environment.TickCount64);
            manager.MaybeRefresh();
        }
        try
        {
            return new SearchLease(manager, manager.Acquire());
        }
        catch (ObjectDisposedException)
        {
            // Swapped for a new index between our read and the acquire: take the new one.
            lock (_gate)
                manager = _manager;
            return manager is null ? null : new SearchLease(manager, manager.Acquire());
        }
    }

    private void OpenReadOnlyIfChanged()
    {
        var name = CurrentName;
        if (name is null || name == _openName)
            return;
        LuceneDirectory? directory = null;
        try
        {
            directory = OpenDirectory(PathOf(name));
            var manager = new SearcherManager(directory, new BM25SearcherFactory());
            _manager?.Dispose();
            _readOnlyDirectory?.Dispose();
            _manager = manager;
            _readOnlyDirectory = directory;
            _openName = name;
        }
        catch (Exception ex) when (ex is IOException or IndexNotFoundException)
        {
            // A folder with no commit yet (a build in progress elsewhere): keep what we have.
            directory?.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _manager?.Dispose();
            _readOnlyDirectory?.Dispose();
            _manager = null;
            _readOnlyDirectory = null;
        }
    }

    private sealed class BM25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = Similarity };
    }
}

/// <summary>A searcher on loan from the index; dispose to give it back.</summary>
public sealed class SearchLease(SearcherManager manager, IndexSearcher searcher) : IDisposable
{
    public IndexSearcher Searcher { get; } = searcher;

    public void Dispose() => manager.Release(Searcher);
}
