namespace IIoT.OpcUa.Cli.Tests;

/// <summary>One in-process run of the tool: exit code and what it wrote to stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error).WaitAsync(TimeSpan.FromSeconds(30));
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
