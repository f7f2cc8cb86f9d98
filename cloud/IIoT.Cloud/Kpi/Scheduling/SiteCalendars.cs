using System.Collections.Concurrent;
using IIoT.Cloud.Kpi.Arithmetic;
using IIoT.Cloud.Kpi.Options;

namespace IIoT.Cloud.Kpi.Scheduling;

/// <summary>The shift calendar of each (tenant, site): configured in Cloud:Kpi:Sites, else UTC with one 24 h shift "day".</summary>
internal sealed class SiteCalendars(KpiOptions options)
{
    private readonly ConcurrentDictionary<(string Tenant, string Site), ShiftCalendar> _calendars = new();

    public ShiftCalendar For(string tenant, string site) => _calendars.GetOrAdd((tenant, site), key =>
    {
        foreach (var configured in options.Sites)
        {
            if (configured.Tenant == key.Tenant && configured.Site == key.Site)
            {
                IEnumerable<ShiftDefinition> shifts = configured.Shifts.Count == 0
                    ? [new ShiftDefinition("day", "00:00", "00:00")]
                    : configured.Shifts.Select(s => new ShiftDefinition(s.Name, s.Start, s.End));
                return new ShiftCalendar(configured.TimeZone, shifts, configured.Breaks.Select(b => new BreakDefinition(b.Start, b.End)));
            }
        }
        return ShiftCalendar.AllDay();
    });

    /// <summary>The sites of <paramref name="tenant"/> that have a configured calendar.</summary>
    public IEnumerable<string> ConfiguredSites(string tenant) => options.Sites.Where(s => s.Tenant == tenant).Select(s => s.Site);
}
