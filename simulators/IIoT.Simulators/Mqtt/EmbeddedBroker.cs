using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace IIoT.Simulators.Mqtt;

/// <summary>An in-process MQTTnet broker on a TCP port, so a local run or a test needs no other process.</summary>
internal sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly MqttServer _server;

    private EmbeddedBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    /// <param name="port">TCP port; 0 picks a free one (see <see cref="Port"/>).</param>
    /// <param name="loopbackOnly">Listen on 127.0.0.1 only (tests), rather than on every interface.</param>
    public static async Task<EmbeddedBroker> StartAsync(int port, bool loopbackOnly = false)
    {
        if (port == 0)
        {
            port = PickFreePort();
        }
        var builder = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(port)
            // MQTTnet drops queued messages past 250 per client by default: a slow subscriber would lose data.
            .WithMaxPendingMessagesPerClient(1_000_000)
            .WithPersistentSessions();
        if (loopbackOnly)
        {
            builder = builder.WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointBoundIPV6Address(IPAddress.None);
        }
        var server = new MqttServerFactory().CreateMqttServer(builder.Build());
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return new EmbeddedBroker(server, port);
    }

    public Task StopAsync() => _server.StopAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server.IsStarted)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }
        _server.Dispose();
    }

    private static int PickFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
