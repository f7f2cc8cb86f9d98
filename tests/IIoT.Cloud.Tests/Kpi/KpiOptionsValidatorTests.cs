using IIoT.Cloud.Configuration;
using IIoT.Cloud.Kpi.Options;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Tests.Kpi;

public sealed class KpiOptionsValidatorTests
{
    private static readonly KpiOptionsValidator Validator =
        new(Options.Create(new CloudOptions { Tenants = [new TenantOptions { Id = "acme", Database = "acme" }] }));

    [Fact]
    public void The_defaults_and_a_configured_site_are_valid()
    {
        var options = new KpiOptions
        {
            Sites =
            [
                new KpiSiteOptions
                {
                    Tenant = "acme", Site = "plant1", TimeZone = "Europe/Berlin",
                    Shifts = [new KpiShiftOptions { Name = "early", Start = "06:00", End = "14:00" }, new KpiShiftOptions { Name = "night", Start = "22:00", End = "06:00" }],
                    Breaks = [new KpiBreakOptions { Start = "09:00", End = "09:15" }],
                },
            ],
        };

        Assert.True(Validator.Validate(null, options).Succeeded);
        Assert.True(Validator.Validate(null, new KpiOptions()).Succeeded);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new KpiOptions
        {
            Interval = TimeSpan.Zero,
            BucketLength = TimeSpan.FromSeconds(7),
            RecentBuckets = 0,
            MaxSampleGap = TimeSpan.Zero,
            MaxUnknownShare = 1,
            Signals = new KpiSignalOptions { PowerKw = ["parts_total"] },
            Sites =
            [
                new KpiSiteOptions { Tenant = "nobody", Site = "plant1", TimeZone = "Mars/Olympus", Shifts = [new KpiShiftOptions { Name = "a", Start = "6:00", End = "25:00" }] },
                new KpiSiteOptions { Tenant = "acme", Site = "", Breaks = [new KpiBreakOptions { Start = "noon", End = "13:00" }] },
            ],
        };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        foreach (var expected in new[]
        {
            "Cloud:Kpi:Interval", "Cloud:Kpi:BucketLength", "Cloud:Kpi:RecentBuckets", "Cloud:Kpi:MaxSampleGap", "Cloud:Kpi:MaxUnknownShare",
            "'parts_total' is also a signal of PartsTotal", "Sites:0:Tenant 'nobody'", "Sites:0:TimeZone 'Mars/Olympus'", "Sites:0:Shifts:0:Start",
            "Sites:0:Shifts:0:End", "Sites:1:Site is required", "Sites:1:Breaks:0:Start",
        })
        {
            Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("00:00:01", true)]
    [InlineData("00:00:02", true)]
    [InlineData("00:00:30", true)]
    [InlineData("00:01:00", true)]
    [InlineData("00:05:00", true)]
    [InlineData("00:15:00", true)]
    [InlineData("00:00:00.500", false)]
    [InlineData("00:00:07", false)]
    [InlineData("00:01:15", false)]
    [InlineData("00:02:00", false)]
    [InlineData("00:30:00", false)]
    public void A_bucket_length_tiles_15_minutes_and_the_minutes(string length, bool valid) =>
        Assert.Equal(valid, KpiOptionsValidator.IsValidBucketLength(TimeSpan.Parse(length, System.Globalization.CultureInfo.InvariantCulture)));
}
