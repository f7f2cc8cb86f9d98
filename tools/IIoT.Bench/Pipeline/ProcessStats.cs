using System.Globalization;

namespace IIoT.Bench.Pipeline;

/// <summary>CPU time and resident memory of a process, read from /proc (Linux).</summary>
internal static class ProcessStats
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name, which is in parentheses and may contain spaces.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (user + system) / TicksPerSecond;
    }

    /// <summary>Resident memory in MB: all of it, the anonymous part (heaps) and the file-mapped part (code, mapped files).</summary>
    public static (double Total, double Anonymous, double FileMapped) RssMegabytes(int pid)
    {
        double total = 0, anonymous = 0, file = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            var kb = line.Split(':', 2) is [var key, var value] && value.Trim().Split(' ')[0] is var number && long.TryParse(number, CultureInfo.InvariantCulture, out var n) ? n / 1024.0 : 0;
            switch (line.Split(':')[0])
            {
                case "VmRSS": total = kb; break;
                case "RssAnon": anonymous = kb; break;
                case "RssFile": file = kb; break;
            }
        }
        return (total, anonymous, file);
    }
}
