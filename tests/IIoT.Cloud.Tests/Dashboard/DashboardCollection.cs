namespace IIoT.Cloud.Tests.Dashboard;

/// <summary>The dashboard test classes share one influxd, cloud and Chromium and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
