using Microsoft.Extensions.Options;

namespace IIoT.Observability;

/// <summary>Runs an app and turns invalid settings into a short list of what is wrong instead of a stack trace.</summary>
public static class StartupErrors
{
    public const int InvalidConfigurationExitCode = 2;

    public static async Task<int> RunAsync(string appName, Func<Task> run)
    {
        try
        {
            await run().ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"{appName}: invalid configuration, not started:").ConfigureAwait(false);
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync("  - " + failure).ConfigureAwait(false);
            }
            return InvalidConfigurationExitCode;
        }
    }
}
