using System.Net;

namespace IIoT.Testing;

/// <summary>
/// A real VictoriaMetrics (Debian package victoria-metrics) on loopback: it accepts InfluxDB's
/// /api/v2/write, so the InfluxDB.Client writer can be exercised against a real server.
/// </summary>
public sealed class VictoriaMetricsServer : IAsyncDisposable
{
    private readonly TempFolder _folder = new("victoria");
    private ManagedProcess? _process;

    private VictoriaMetricsServer()
    {
        Port = FreePort.Next();
        Http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public HttpClient Http { get; }

    public static async Task<VictoriaMetricsServer> StartAsync()
    {
        var server = new VictoriaMetricsServer();
        var port = server.Port;
        var process = server._process = ManagedProcess.Start("victoria-metrics", Executables.Require("victoria-metrics", "victoria-metrics"),
        [
            $"-httpListenAddr=127.0.0.1:{port}",
            $"-storageDataPath={server._folder.Path}",
            "-retentionPeriod=100y",
            "-search.disableCache",
            "-search.latencyOffset=0s",
        ]);
        await Wait.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("victoria-metrics exited: " + process.Output);
            }
            using var response = await server.Http.GetAsync("/health").ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), "victoria-metrics to answer /health").ConfigureAwait(false);
        return server;
    }

    /// <summary>Raw samples of all series matching a selector, in VictoriaMetrics' JSON-lines export format.</summary>
    public async Task<string> ExportAsync(string selector)
    {
        await Http.GetAsync("/internal/force_flush").ConfigureAwait(false);
        return await Http.GetStringAsync($"/api/v1/export?match[]={Uri.EscapeDataString(selector)}").ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
        _folder.Dispose();
    }
}
