namespace IIoT.Testing;

/// <summary>Where the repository and the built apps are, seen from a test assembly.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: whatever the running test assembly was built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    /// <summary>The built dll of an app, e.g. AppDll("gateway", "IIoT.Gateway").</summary>
    public static string AppDll(string folder, string project)
    {
        var path = Path.Combine(Root, folder, project, "bin", Configuration, "net10.0", project + ".dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{project} is not built: {path}. Build IIoT.sln first.", path);
        }
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IIoT.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("IIoT.sln not found above " + AppContext.BaseDirectory);
    }
}
