namespace Nashir.BrowserTests;

/// <summary>Paths under the repository root, found by walking up to Nashir.slnx so tests run from any folder.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string PathTo(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nashir.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No Nashir.slnx above {AppContext.BaseDirectory}.");
    }
}
