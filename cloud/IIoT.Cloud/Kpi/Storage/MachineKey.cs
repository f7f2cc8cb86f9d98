namespace IIoT.Cloud.Kpi.Storage;

/// <summary>A machine's asset path (the tags site, area, line, machine of its points).</summary>
internal readonly record struct MachineKey(string Site, string Area, string Line, string Machine) : IComparable<MachineKey>
{
    public int CompareTo(MachineKey other)
    {
        var c = string.CompareOrdinal(Site, other.Site);
        if (c == 0)
        {
            c = string.CompareOrdinal(Area, other.Area);
        }
        if (c == 0)
        {
            c = string.CompareOrdinal(Line, other.Line);
        }
        return c != 0 ? c : string.CompareOrdinal(Machine, other.Machine);
    }
}
