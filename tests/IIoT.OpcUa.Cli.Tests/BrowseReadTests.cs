using IIoT.OpcUa.Types;
using IIoT.Testing;

namespace IIoT.OpcUa.Cli.Tests;

public sealed class BrowseReadTests
{
    [Fact]
    public async Task Browse_ShowsTreeWithNodeClassNodeIdAndDataType()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("browse", server.Url, "--node", CliServer.Id("plant1"), "--depth", "5");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal($"3:plant1 (Object, {CliServer.Id("plant1")})", lines[0]);
        Assert.Contains($"      3:M-01 (Object, {CliServer.Id("plant1.assembly.line1.M-01")})", lines);
        Assert.Contains($"        3:Temperature (Variable, {CliServer.Id("plant1.assembly.line1.M-01.temperature")}, Double)", lines);
        Assert.Contains($"        3:Spindle Speed (Variable, {CliServer.Id("plant1.assembly.line1.M-02.spindle_speed")}, Int32)", lines);
        Assert.Contains($"          EngineeringUnits (Variable, {CliServer.Id("plant1.assembly.line1.M-01.temperature.EngineeringUnits")}, i=887)", lines);
        // Children are indented below their parent: the machine comes before its variables.
        Assert.True(lines.FindIndex(l => l.Contains("3:M-01", StringComparison.Ordinal)) < lines.FindIndex(l => l.Contains("M-01.temperature)", StringComparison.Ordinal) || l.Contains("M-01.temperature,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Browse_FromObjectsByDefault_WithUserLogin()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("browse", server.Url, "--depth", "1", "--user", CliServer.UserName, "--password", CliServer.Password);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Objects (Object, i=85)", run.Output, StringComparison.Ordinal);
        Assert.Contains($"  3:plant1 (Object, {CliServer.Id("plant1")})", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("3:line1", run.Output, StringComparison.Ordinal); // depth 1 stops below Objects
    }

    [Fact]
    public async Task Browse_WrongPassword_Exit1NamingTheStatus()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("browse", server.Url, "--user", CliServer.UserName, "--password", "wrong");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"error: Bad\w+", run.Error);
    }

    [Fact]
    public async Task Read_ShowsValueStatusByNameAndTimestamps()
    {
        await using var server = await CliServer.StartAsync();
        var sourceTime = new DateTime(2026, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc);
        server.Variable("plant1.assembly.line1.M-01.temperature")
            .SetValue(Variant.From(99.25), new StatusCode(StatusCodes.UncertainLastUsableValue), UaDateTime.FromDateTime(sourceTime));

        var run = await CliRun.RunAsync("read", server.Url, CliServer.Id("plant1.assembly.line1.M-01.temperature"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Value:           99.25", run.Output, StringComparison.Ordinal);
        Assert.Contains("Type:            Double", run.Output, StringComparison.Ordinal);
        Assert.Contains("Status:          UncertainLastUsableValue (0x40900000)", run.Output, StringComparison.Ordinal);
        Assert.Contains("SourceTimestamp: 2026-03-04T05:06:07.890Z", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"ServerTimestamp: \d{4}-\d\d-\d\dT", run.Output);
    }

    [Fact]
    public async Task Read_OtherAttributeAndIndexForm()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("read", server.Url, $"ns={server.Namespace};s=plant1.assembly.line1.M-02.spindle_speed", "--attribute", "displayname");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Attribute:       DisplayName", run.Output, StringComparison.Ordinal);
        Assert.Contains("Value:           Spindle Speed", run.Output, StringComparison.Ordinal);
        Assert.Contains("Status:          Good", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_UnknownNode_Exit1WithStatusName()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("read", server.Url, CliServer.Id("no.such.node"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("BadNodeIdUnknown", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Read_UnknownNamespaceUri_Exit1()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("read", server.Url, "nsu=urn:nobody;s=x");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'urn:nobody'", run.Error, StringComparison.Ordinal);
        Assert.Contains("BadNodeIdUnknown", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browse_UnknownNode_Exit1WithStatusName()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("browse", server.Url, "--node", "ns=3;s=missing");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("BadNodeIdUnknown", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableEndpoint_Exit1WithStatusName()
    {
        var port = FreePort.Next(); // nothing listens there

        var run = await CliRun.RunAsync("read", $"opc.tcp://127.0.0.1:{port}", "i=2258", "--timeout", "00:00:05");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"^error: Bad\w+", run.Error);
    }

    [Fact]
    public async Task MalformedUrl_Exit1()
    {
        var run = await CliRun.RunAsync("browse", "http://127.0.0.1:4840");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("BadTcpEndpointUrlInvalid", run.Error, StringComparison.Ordinal);
    }
}
