namespace IIoT.OpcUa.Cli.Tests;

public sealed class UsageTests
{
    [Theory]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "frobnicate", "opc.tcp://127.0.0.1:1" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "read", "opc.tcp://127.0.0.1:1" }, "missing <NodeId>")]
    [InlineData(new[] { "browse" }, "missing <url>")]
    [InlineData(new[] { "browse", "opc.tcp://127.0.0.1:1", "--bogus", "1" }, "unknown option '--bogus'")]
    [InlineData(new[] { "browse", "opc.tcp://127.0.0.1:1", "--depth", "zero" }, "--depth must be an integer")]
    [InlineData(new[] { "browse", "opc.tcp://127.0.0.1:1", "--depth" }, "needs a value")]
    [InlineData(new[] { "config", "opc.tcp://127.0.0.1:1" }, "needs --root")]
    [InlineData(new[] { "config", "opc.tcp://127.0.0.1:1", "--root", "i=85", "--sampling", "fast" }, "--sampling must be a positive duration")]
    [InlineData(new[] { "read", "opc.tcp://127.0.0.1:1", "i=85", "--attribute", "Colour" }, "unknown attribute 'Colour'")]
    [InlineData(new[] { "write", "opc.tcp://127.0.0.1:1", "i=85", "1", "--type", "Kilogram" }, "--type must be one of")]
    [InlineData(new[] { "read", "opc.tcp://127.0.0.1:1", "i=85", "--user", "u" }, "--user and --password go together")]
    public async Task BadArguments_Exit2WithUsage(string[] args, string message)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Contains("usage: iiot-opcua", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedNodeId_Exit2()
    {
        await using var server = await CliServer.StartAsync();

        var run = await CliRun.RunAsync("read", server.Url, "ns=x;q=1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'ns=x;q=1' is not a NodeId", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Exit0()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("iiot-opcua <command>", run.Output, StringComparison.Ordinal);
    }
}
