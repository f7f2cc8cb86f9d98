namespace IIoT.Cloud.Kpi;

/// <summary>The names of the window kinds and levels (the tags window and level of measurement kpi).</summary>
public static class KpiWindows
{
    public const string Rolling15m = "15m";
    public const string Rolling1h = "1h";
    public const string Shift = "shift";
    public const string Day = "day";

    public const string MachineLevel = "machine";
    public const string LineLevel = "line";
    public const string SiteLevel = "site";

    public static IReadOnlyList<string> All { get; } = [Rolling15m, Rolling1h, Shift, Day];

    public static IReadOnlyList<string> Levels { get; } = [MachineLevel, LineLevel, SiteLevel];
}
