using System.Net;
using System.Net.Sockets;

namespace IIoT.Testing;

/// <summary>What a <see cref="FaultProxy"/> does to the next connections.</summary>
public enum ProxyFault
{
    /// <summary>Passes bytes both ways.</summary>
    None,

    /// <summary>Accepts and then says nothing: the peer hangs until its own timeout (UP-02).</summary>
    Stall,

    /// <summary>Forwards the first <see cref="FaultProxy.CutAfterBytes"/> bytes of the request, then resets both sides (UP-03).</summary>
    CutRequest,

    /// <summary>Forwards the whole request and lets the server answer, but drops the answer and resets the client (UP-04).</summary>
    DropResponse,
}

/// <summary>
/// A TCP proxy on loopback that injects network faults between two of our processes: the faults a real
/// server cannot be made to show on demand (a toxiproxy of our own, RELIABILITY.md B2).
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _connections = [];
    private int _faultedConnections;

    public FaultProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public ProxyFault Fault { get; set; }

    public int CutAfterBytes { get; set; } = 200;

    /// <summary>Connections that met a fault so far.</summary>
    public int FaultedConnections => Volatile.Read(ref _faultedConnections);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }
        await Task.WhenAll(connections.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var connection = HandleAsync(client, Fault);
            lock (_connections)
            {
                _connections.RemoveAll(c => c.IsCompleted);
                _connections.Add(connection);
            }
        }
    }

    private async Task HandleAsync(TcpClient client, ProxyFault fault)
    {
        using var _ = client;
        if (fault != ProxyFault.None)
        {
            Interlocked.Increment(ref _faultedConnections);
        }
        try
        {
            if (fault == ProxyFault.Stall)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            }
            using var server = new TcpClient();
            await server.ConnectAsync(_target, _stop.Token);
            var clientStream = client.GetStream();
            var serverStream = server.GetStream();
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = PumpAsync(clientStream, serverStream, fault == ProxyFault.CutRequest ? CutAfterBytes : long.MaxValue, connection.Token);
            var down = fault == ProxyFault.DropResponse
                ? DiscardAsync(serverStream, connection.Token)
                : PumpAsync(serverStream, clientStream, long.MaxValue, connection.Token);
            await Task.WhenAny(up, down);
            await connection.CancelAsync();
            // Reset rather than close: the peer sees the connection die, as with a cable pulled mid-request.
            client.Client.LingerState = new LingerOption(true, 0);
            server.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        while (total < limit)
        {
            var read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - total)), cancellationToken);
            if (read == 0)
            {
                return;
            }
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            total += read;
        }
    }

    /// <summary>Reads the server's answer and throws it away; returns once one has arrived.</summary>
    private static async Task DiscardAsync(Stream from, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        // Any part of the answer will do: it is thrown away either way.
        _ = await from.ReadAtLeastAsync(buffer, 1, throwOnEndOfStream: false, cancellationToken);
    }
}
