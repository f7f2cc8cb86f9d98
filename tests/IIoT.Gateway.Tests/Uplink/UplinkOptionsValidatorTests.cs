using IIoT.Gateway.Uplink;
using Xunit;

namespace IIoT.Gateway.Tests.Uplink;

public sealed class UplinkOptionsValidatorTests
{
    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new UplinkOptions
        {
            Urls = ["ftp://cloud", "not a url"],
            ApiKey = "k",
            CaFile = "/nonexistent/ca.pem",
            BatchInterval = TimeSpan.Zero,
            MinBackoff = TimeSpan.FromSeconds(10),
            MaxBackoff = TimeSpan.FromSeconds(1),
        };

        var result = new UplinkOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("Uplink:Urls:0"));
        Assert.Contains(failures, f => f.Contains("Uplink:Urls:1"));
        Assert.Contains(failures, f => f.Contains("CaFile"));
        Assert.Contains(failures, f => f.Contains("BatchInterval"));
        Assert.Contains(failures, f => f.Contains("MinBackoff"));
    }

    [Fact]
    public void Defaults_with_a_url_and_key_are_valid()
    {
        var result = new UplinkOptionsValidator().Validate(null, new UplinkOptions { Urls = ["https://cloud.example:443"], ApiKey = "k" });
        Assert.True(result.Succeeded);
    }
}
