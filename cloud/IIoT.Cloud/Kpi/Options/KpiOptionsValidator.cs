using System.Globalization;
using IIoT.Cloud.Configuration;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Kpi.Options;

/// <summary>Rules of "Cloud:Kpi"; reports every problem at once so one start shows the whole list.</summary>
internal sealed class KpiOptionsValidator(IOptions<CloudOptions> cloud) : IValidateOptions<KpiOptions>
{
    private const string Prefix = KpiOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, KpiOptions options)
    {
        var errors = new List<string>();
        ValidateTiming(options, errors);
        ValidateSignals(options.Signals, errors);
        foreach (var (state, _) in options.States)
        {
            if (string.IsNullOrWhiteSpace(state))
            {
                errors.Add(Prefix + "States: a state name must not be empty.");
            }
        }
        ValidateSites(options.Sites, cloud.Value.Tenants.Select(t => t.Id).ToHashSet(StringComparer.Ordinal), errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Whole seconds dividing 15 minutes, and dividing or a multiple of a minute, so that buckets tile the
    /// rolling windows and start on the minute boundaries shifts are given in.</summary>
    internal static bool IsValidBucketLength(TimeSpan length)
    {
        if (length < TimeSpan.FromSeconds(1) || length.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return false;
        }
        var seconds = (long)length.TotalSeconds;
        return 900 % seconds == 0 && (60 % seconds == 0 || seconds % 60 == 0);
    }

    private static void ValidateTiming(KpiOptions options, List<string> errors)
    {
        if (options.Interval <= TimeSpan.Zero)
        {
            errors.Add(Prefix + "Interval must be positive.");
        }
        if (!IsValidBucketLength(options.BucketLength))
        {
            errors.Add(Prefix + "BucketLength must be whole seconds dividing 15 minutes, and dividing or a multiple of one minute (e.g. 00:00:05, 00:01:00, 00:05:00).");
        }
        if (options.RecentBuckets is < 1 or > 1000)
        {
            errors.Add(Prefix + "RecentBuckets must be between 1 and 1000.");
        }
        if (options.StartupLookback < TimeSpan.Zero || options.StartupLookback > TimeSpan.FromDays(31))
        {
            errors.Add(Prefix + "StartupLookback must be between 0 and 31 days.");
        }
        if (options.MaxSampleGap <= TimeSpan.Zero)
        {
            errors.Add(Prefix + "MaxSampleGap must be positive.");
        }
        if (options.MaxCounterGap <= TimeSpan.Zero)
        {
            errors.Add(Prefix + "MaxCounterGap must be positive.");
        }
        if (!(options.CounterRollover > 0) || double.IsInfinity(options.CounterRollover))
        {
            errors.Add(Prefix + "CounterRollover must be a positive number.");
        }
        if (!(options.MaxUnknownShare >= 0 && options.MaxUnknownShare < 1))
        {
            errors.Add(Prefix + "MaxUnknownShare must be at least 0 and below 1.");
        }
        if (options.QueryTimeout <= TimeSpan.Zero)
        {
            errors.Add(Prefix + "QueryTimeout must be positive.");
        }
        if (options.MaxBackoff <= TimeSpan.Zero)
        {
            errors.Add(Prefix + "MaxBackoff must be positive.");
        }
    }

    private static void ValidateSignals(KpiSignalOptions signals, List<string> errors)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (input, aliases) in new (string, IReadOnlyList<string>)[]
        {
            ("State", signals.EffectiveState), ("PartsTotal", signals.EffectivePartsTotal), ("PartsGood", signals.EffectivePartsGood),
            ("PartsReject", signals.EffectivePartsReject), ("IdealCycleTimeS", signals.EffectiveIdealCycleTimeS), ("PowerKw", signals.EffectivePowerKw),
        })
        {
            for (var i = 0; i < aliases.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(aliases[i]))
                {
                    errors.Add($"{Prefix}Signals:{input}:{i} must not be empty.");
                }
                else if (!owners.TryAdd(aliases[i], input) && owners[aliases[i]] != input)
                {
                    errors.Add($"{Prefix}Signals:{input}:{i} '{aliases[i]}' is also a signal of {owners[aliases[i]]}.");
                }
            }
        }
    }

    private static void ValidateSites(List<KpiSiteOptions> sites, HashSet<string> tenants, List<string> errors)
    {
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            var at = $"{Prefix}Sites:{i}";
            if (!tenants.Contains(site.Tenant))
            {
                errors.Add($"{at}:Tenant '{site.Tenant}' is not a configured tenant.");
            }
            if (string.IsNullOrWhiteSpace(site.Site))
            {
                errors.Add($"{at}:Site is required.");
            }
            else if (!seen.Add((site.Tenant, site.Site)))
            {
                errors.Add($"{at}: site '{site.Site}' of tenant '{site.Tenant}' has a calendar already.");
            }
            try
            {
                TimeZoneInfo.FindSystemTimeZoneById(site.TimeZone);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
            {
                errors.Add($"{at}:TimeZone '{site.TimeZone}' is not a known IANA time zone.");
            }
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var s = 0; s < site.Shifts.Count; s++)
            {
                var shift = site.Shifts[s];
                if (string.IsNullOrWhiteSpace(shift.Name))
                {
                    errors.Add($"{at}:Shifts:{s}:Name is required.");
                }
                else if (!names.Add(shift.Name))
                {
                    errors.Add($"{at}:Shifts:{s}:Name '{shift.Name}' is used twice.");
                }
                CheckTime(shift.Start, $"{at}:Shifts:{s}:Start", errors);
                CheckTime(shift.End, $"{at}:Shifts:{s}:End", errors);
            }
            for (var b = 0; b < site.Breaks.Count; b++)
            {
                CheckTime(site.Breaks[b].Start, $"{at}:Breaks:{b}:Start", errors);
                CheckTime(site.Breaks[b].End, $"{at}:Breaks:{b}:End", errors);
            }
        }
    }

    private static void CheckTime(string value, string key, List<string> errors)
    {
        if (!TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add($"{key} '{value}' must be a local time \"HH:mm\".");
        }
    }
}
