using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Cli.Tests;

public sealed class WriteTests
{
    [Fact]
    public async Task Write_UsesTheNodesDataType()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("write", server.Url, CliServer.Id("plant1.assembly.line1.M-01.temperature"), "42.75");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Good: wrote Double 42.75", run.Output, StringComparison.Ordinal);
        Assert.Equal(Variant.From(42.75), server.Variable("plant1.assembly.line1.M-01.temperature").Value.Value);
    }

    [Fact]
    public async Task Write_WithExplicitType()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("write", server.Url, CliServer.Id("plant1.assembly.line1.M-02.spindle_speed"), "3000", "--type", "Int32");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Variant.From(3000), server.Variable("plant1.assembly.line1.M-02.spindle_speed").Value.Value);
    }

    [Fact]
    public async Task Write_ReadOnlyNode_Exit1WithStatusName()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("write", server.Url, CliServer.Id("plant1.assembly.line1.M-01.state"), "stopped");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("BadNotWritable", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_ValueNotOfTheType_Exit2()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("write", server.Url, CliServer.Id("plant1.assembly.line1.M-01.temperature"), "warm");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'warm' is not a Double", run.Error, StringComparison.Ordinal);
    }
}
