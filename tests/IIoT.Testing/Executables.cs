namespace IIoT.Testing;

/// <summary>Finds the real servers the tests run (installed by the test command).</summary>
public static class Executables
{
    public static string Require(string name, string package)
    {
        foreach (var dir in new[] { "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException($"{name} is not installed. Run ./test.sh (it installs the Debian package '{package}').");
    }
}
