using System.Text.Json;
using IIoT.Testing;

namespace IIoT.OpcUa.Cli.Tests;

public sealed class ConfigTests
{
    [Fact]
    public async Task Config_WritesEveryVariableWithNsuIdsMachineSignalAndUnit()
    {
        await using var server = await CliServer.StartAsync();
        using var folder = new TempFolder("cli-config");
        var file = folder.Combine("opcua.json");

        var run = await CliRun.RunAsync("config", server.Url, "--root", CliServer.Id("plant1.assembly.line1"), "--name", "line1",
            "--site", "plant1", "--area", "assembly", "--machine-level", "1", "--sampling", "00:00:00.5", "--out", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"wrote 6 nodes below {CliServer.Id("plant1.assembly.line1")} to {file}", run.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        var endpoint = json.RootElement.GetProperty("OpcUa").GetProperty("Endpoints")[0];
        Assert.Equal("line1", endpoint.GetProperty("Name").GetString());
        Assert.Equal(server.Url, endpoint.GetProperty("Url").GetString());
        Assert.Equal("plant1", endpoint.GetProperty("Site").GetString());
        Assert.Equal("assembly", endpoint.GetProperty("Area").GetString());
        Assert.Equal("line1", endpoint.GetProperty("Line").GetString());
        var group = endpoint.GetProperty("Groups")[0];
        Assert.Equal("00:00:00.5000000", group.GetProperty("SamplingInterval").GetString());
        Assert.Equal("00:00:01", group.GetProperty("PublishingInterval").GetString());

        var nodes = group.GetProperty("Nodes").EnumerateArray()
            .Select(n => (NodeId: n.GetProperty("NodeId").GetString(), Machine: n.GetProperty("Machine").GetString(), Signal: n.GetProperty("Signal").GetString(),
                Unit: n.TryGetProperty("Unit", out var u) ? u.GetString() : null))
            .OrderBy(n => n.NodeId, StringComparer.Ordinal)
            .ToList();
        var expected = new List<(string?, string?, string?, string?)>();
        foreach (var machine in new[] { "M-01", "M-02" })
        {
            var m = $"plant1.assembly.line1.{machine}";
            var name = machine; // as browsed, like the gateway's Folders rule
            expected.Add((CliServer.Id($"{m}.spindle_speed"), name, "spindle_speed", "rpm"));
            expected.Add((CliServer.Id($"{m}.state"), name, "state", null));
            expected.Add((CliServer.Id($"{m}.temperature"), name, "temperature", "degC"));
        }

        Assert.Equal(expected, nodes);
    }

    [Fact]
    public async Task Config_NodeIdsReadBackThroughTheTool()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("config", server.Url, "--root", CliServer.Id("plant1"), "--machine-level", "3");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output); // printed to stdout without --out
        var nodes = json.RootElement.GetProperty("OpcUa").GetProperty("Endpoints")[0].GetProperty("Groups")[0].GetProperty("Nodes");
        Assert.Equal(6, nodes.GetArrayLength());
        var first = nodes[0];
        Assert.StartsWith("M-0", first.GetProperty("Machine").GetString(), StringComparison.Ordinal); // plant1/assembly/line1/<machine>: level 3
        var read = await CliRun.RunAsync("read", server.Url, first.GetProperty("NodeId").GetString()!);
        Assert.Equal(0, read.ExitCode);
        Assert.Contains("Status:          Good", read.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_UnknownRoot_Exit1()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("config", server.Url, "--root", CliServer.Id("plant9"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("BadNodeIdUnknown", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Temperature", "temperature")]
    [InlineData("Spindle Speed (rpm)", "spindle_speed__rpm_")]
    [InlineData("Cycle-Time_2", "cycle_time_2")]
    [InlineData("Température", "temp_rature")]
    public void SignalName_LowerCaseAndUnderscores(string browseName, string expected) =>
        Assert.Equal(expected, SignalName.From(browseName));
}
