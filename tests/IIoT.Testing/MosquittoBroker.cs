using System.Net.Sockets;

namespace IIoT.Testing;

/// <summary>A real mosquitto (Debian package) on loopback with persistence, restartable on the same port.</summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly TempFolder _folder = new("mosquitto");
    private ManagedProcess? _process;

    private MosquittoBroker()
    {
        Port = FreePort.Next();
    }

    public int Port { get; }

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("mosquitto is not running.");

    public static async Task<MosquittoBroker> StartAsync()
    {
        var broker = new MosquittoBroker();
        await broker.StartProcessAsync().ConfigureAwait(false);
        return broker;
    }

    public async Task StartProcessAsync()
    {
        var config = _folder.Combine("mosquitto.conf");
        // max_queued_messages: mosquitto 2.0 silently drops QoS 1 messages past its default of 1000 per client.
        await File.WriteAllTextAsync(config, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            user root
            persistence true
            persistence_location {_folder.Path}/
            autosave_interval 1
            max_queued_messages 1000000
            max_inflight_messages 1000
            log_dest stdout
            log_type error
            log_type warning
            """).ConfigureAwait(false);
        _process = ManagedProcess.Start("mosquitto", Executables.Require("mosquitto", "mosquitto"), ["-c", config]);
        await Wait.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("mosquitto exited: " + _process.Output);
            }
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port).ConfigureAwait(false);
            return true;
        }, TimeSpan.FromSeconds(15), "mosquitto to accept connections").ConfigureAwait(false);
    }

    /// <summary>SIGTERM: mosquitto writes its persistence file on a clean stop.</summary>
    public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(10)) ?? Task.CompletedTask;

    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
        _folder.Dispose();
    }
}
