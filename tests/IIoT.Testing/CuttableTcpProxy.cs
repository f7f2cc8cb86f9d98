using System.Net;
using System.Net.Sockets;

namespace IIoT.Testing;

/// <summary>
/// A TCP proxy on loopback whose live connections a test can cut (reset both sides, as a pulled cable) or freeze
/// (bytes stop flowing both ways, sockets stay open: a hung peer), while new connections keep working. Unlike
/// <see cref="FaultProxy"/>, faults hit connections that are already established, which is what OPC UA reconnect
/// tests need (UA-R01, UA-R08).
/// </summary>
public sealed class CuttableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly List<Link> _links = [];
    private int _accepted;

    public CuttableTcpProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>Connections accepted so far.</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>While true new connections are reset at once (the server looks unreachable); live ones are untouched.</summary>
    public bool RefuseNew { get; set; }

    /// <summary>Live connections now.</summary>
    public int LiveConnections
    {
        get
        {
            lock (_links)
            {
                return _links.Count;
            }
        }
    }

    /// <summary>
    /// Stops forwarding on every live connection (bytes are held, sockets stay open: a peer that hangs without a
    /// reset). Connections accepted later flow normally; <see cref="CutAll"/> ends the frozen ones.
    /// </summary>
    public void FreezeAll()
    {
        lock (_links)
        {
            foreach (var link in _links)
            {
                link.Frozen = true;
            }
        }
    }

    /// <summary>Resets every live connection; the proxy keeps accepting new ones.</summary>
    public void CutAll()
    {
        Link[] links;
        lock (_links)
        {
            links = [.. _links];
            _links.Clear();
        }
        foreach (var link in links)
        {
            link.Cut();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        CutAll();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _accepted);
            if (RefuseNew)
            {
                Reset(client);
                continue;
            }

            var server = new TcpClient();
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (SocketException)
            {
                // Nobody behind the proxy (a restarting server): the client sees the connection refused as a reset.
                Reset(client);
                server.Dispose();
                continue;
            }
            var link = new Link(this, client, server);
            lock (_links)
            {
                _links.Add(link);
            }
            link.Start();
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        client.Dispose();
    }

    private sealed class Link(CuttableTcpProxy proxy, TcpClient client, TcpClient server)
    {
        private readonly CancellationTokenSource _cut = CancellationTokenSource.CreateLinkedTokenSource(proxy._stop.Token);
        private int _closed;

        public volatile bool Frozen;

        public void Start()
        {
            var up = PumpAsync(client.GetStream(), server.GetStream());
            var down = PumpAsync(server.GetStream(), client.GetStream());
            _ = Task.WhenAny(up, down).ContinueWith(_ => Cut(), TaskScheduler.Default);
        }

        public void Cut()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }
            try
            {
                _cut.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
            Reset(client);
            Reset(server);
            lock (proxy._links)
            {
                proxy._links.Remove(this);
            }
        }

        private async Task PumpAsync(Stream from, Stream to)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var read = await from.ReadAsync(buffer, _cut.Token);
                    if (read == 0)
                    {
                        return;
                    }
                    // Frozen: hold what was read until thawed or cut (a peer that stops answering, not one that drops).
                    while (Frozen)
                    {
                        await Task.Delay(20, _cut.Token);
                    }
                    await to.WriteAsync(buffer.AsMemory(0, read), _cut.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
