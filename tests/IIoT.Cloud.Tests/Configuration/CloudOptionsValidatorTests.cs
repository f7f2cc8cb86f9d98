using IIoT.Cloud.Configuration;

namespace IIoT.Cloud.Tests.Configuration;

public sealed class CloudOptionsValidatorTests
{
    [Fact]
    public void Validate_reports_every_problem_at_once()
    {
        var options = new CloudOptions
        {
            Storage = new StorageOptions { Kind = StorageKind.InfluxV2, Url = "not a url", Timeout = TimeSpan.Zero },
            Tenants = [new TenantOptions { Id = "t1", Bucket = "b" }, new TenantOptions { Id = "t1" }],
            Gateways =
            [
                new GatewayOptions { Id = "g1", Tenant = "nope", ApiKey = "short" },
                new GatewayOptions { Id = "g2", Tenant = "t1", ApiKeySha256 = "xyz" },
                new GatewayOptions { Id = "g3", Tenant = "t1" },
            ],
            Limits = new LimitsOptions { MaxPointsPerBatch = 0, MaxDecompressedBytes = 1, MaxAuthFailuresPerMinute = 0 },
        };

        var result = new CloudOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        string[] expected =
        [
            "Storage:Url", "Storage:Timeout", "Storage:Token", "Storage:Org", "Tenants:1:Id 't1' is used twice",
            "Tenants:1:Bucket is required", "Gateways:0:Tenant 'nope'", "Gateways:0:ApiKey must be at least",
            "Gateways:1:ApiKeySha256 must be 64 hex", "Gateways:2: exactly one", "MaxDecompressedBytes", "MaxPointsPerBatch", "MaxAuthFailuresPerMinute",
        ];
        foreach (var text in expected)
        {
            Assert.Contains(failures, f => f.Contains(text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_accepts_the_test_configuration_and_refuses_a_key_shared_by_two_gateways()
    {
        var options = new CloudOptions
        {
            Storage = new StorageOptions { Url = "http://127.0.0.1:8086" },
            Tenants = [new TenantOptions { Id = "t1", Database = "d1" }, new TenantOptions { Id = "t2", Database = "d2" }],
            Gateways = [new GatewayOptions { Id = "g1", Tenant = "t1", ApiKey = "0123456789abcdef" }],
        };
        Assert.True(new CloudOptionsValidator().Validate(null, options).Succeeded);

        options.Gateways.Add(new GatewayOptions { Id = "g2", Tenant = "t2", ApiKey = "0123456789abcdef" });
        var result = new CloudOptionsValidator().Validate(null, options);
        Assert.Contains(result.Failures!, f => f.Contains("also the key of another gateway", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_configuration_fails_at_start()
    {
        var settings = new Dictionary<string, string?> { ["Cloud:Storage:Url"] = "" };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CloudApp.StartAsync(settings, 0)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("Cloud:Storage:Url", error.ToString(), StringComparison.Ordinal);
    }
}
