using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IIoT.OpcUa.Server;

/// <summary>
/// An OPC UA server (opc.tcp, SecurityPolicy None) over an <see cref="AddressSpace"/>. Each TCP connection gets its
/// own HEL/ACK, secure channel (unique SecureChannelId) and task; one connection failing never affects another.
/// Requests go through <see cref="Services"/>, which the built-in service sets fill (Discovery, Session, View,
/// Attribute) and others may extend.
/// </summary>
public sealed class OpcUaServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private readonly OpcUaServerOptions _options;
    private readonly TcpListener _listener;
    private readonly ILogger _logger;
    private readonly SessionManager _sessions;
    private readonly ServerMetrics _metrics;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, (Task Task, IChunkTransport Transport)> _connections = new();
    private SubscriptionServiceSet? _subscriptions;
    private Task _acceptLoop = Task.CompletedTask;
    private long _nextConnectionId;
    private int _lastChannelId;
    private int _disposed;

    private OpcUaServer(OpcUaServerOptions options, AddressSpace addressSpace, TcpListener listener, ILogger logger)
    {
        _options = options;
        _listener = listener;
        _logger = logger;
        AddressSpace = addressSpace;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var host = string.IsNullOrEmpty(options.HostName) ? Dns.GetHostName() : options.HostName;
        EndpointUrl = $"opc.tcp://{host}:{Port}";
        _sessions = new SessionManager(options, logger);
        _sessions.SessionClosed += (session, deleteSubscriptions) => SessionClosed?.Invoke(session, deleteSubscriptions);
        _metrics = new ServerMetrics(options.MeterFactory, () => _connections.Count, () => _sessions.Count);
        _lastChannelId = Random.Shared.Next(1, 1 << 16);
    }

    /// <summary>The port the listener is bound to (the chosen one when the options said 0).</summary>
    public int Port { get; }

    /// <summary>opc.tcp://{HostName}:{Port}, as announced in endpoint descriptions.</summary>
    public string EndpointUrl { get; }

    public AddressSpace AddressSpace { get; }

    /// <summary>The request routing table; register more service sets (e.g. subscriptions) here.</summary>
    public ServiceTable Services { get; } = new();

    /// <summary>Open TCP connections.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Sessions that exist (activated or not).</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>
    /// Raised when a session ends: CloseSession gives the client's DeleteSubscriptions flag; an expired session gives
    /// false (OPC 10000-4 §5.7.4: a session the server terminates keeps its subscriptions until their own lifetime ends,
    /// so a client can still transfer them); server shutdown gives true. Raised on the thread that closed the session;
    /// handlers must not block. Requests of the session still in a handler see their token cancelled and are answered
    /// with BadSessionClosed.
    /// </summary>
    public event Action<ServerSession, bool>? SessionClosed;

    /// <summary>Starts listening with the built-in service sets.</summary>
    public static Task<OpcUaServer> StartAsync(OpcUaServerOptions options, AddressSpace addressSpace, ILoggerFactory? loggers = null, CancellationToken ct = default) =>
        StartAsync(options, addressSpace, null, loggers, ct);

    /// <summary>
    /// Starts listening; <paramref name="configure"/> runs before the first connection is accepted, to register more
    /// services in <see cref="Services"/> and subscribe to <see cref="SessionClosed"/>.
    /// </summary>
    public static async Task<OpcUaServer> StartAsync(OpcUaServerOptions options, AddressSpace addressSpace, Action<OpcUaServer>? configure,
        ILoggerFactory? loggers = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(addressSpace);
        options.Validate();
        ct.ThrowIfCancellationRequested();
        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<OpcUaServer>();
        var listener = new TcpListener(options.BindAddress, options.Port);
        listener.Start(backlog: 512);
        var server = new OpcUaServer(options, addressSpace, listener, logger);
        try
        {
            addressSpace.SetServerUri(options.ApplicationUri);
            addressSpace.Server.Configure(options, options.TimeProvider);
            var endpoints = new EndpointCatalog(options, server.EndpointUrl);
            new DiscoveryServiceSet(endpoints).Register(server.Services);
            new SessionServiceSet(options, server._sessions, endpoints, logger).Register(server.Services);
            new ViewServiceSet(options, addressSpace).Register(server.Services);
            new AttributeServiceSet(options, addressSpace, logger).Register(server.Services);
            server._subscriptions = new SubscriptionServiceSet(options, addressSpace, loggers ?? NullLoggerFactory.Instance);
            server._subscriptions.Register(server.Services);
            server.SessionClosed += server._subscriptions.OnSessionClosed;
            configure?.Invoke(server);
            server.Services.Freeze(server._sessions, server._metrics, logger, options.EncodingLimits, options.TimeProvider);
        }
        catch
        {
            // Nothing was accepted yet: disposing stops the listener, the session sweep and the meter.
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        server._acceptLoop = server.AcceptLoopAsync(server._stop.Token);
        Log.ServerStarted(logger, options.BindAddress.ToString(), server.Port, server.EndpointUrl);
        return server;
    }

    /// <summary>Closes the listener, every connection and session; returns once the connection tasks have ended.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var (_, (_, transport)) in _connections)
        {
            await transport.CloseAsync().ConfigureAwait(false);
        }

        var tasks = _connections.Values.Select(static c => c.Task).ToArray();
        await Task.WhenAll(tasks).WaitAsync(ShutdownGrace).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _sessions.DisposeAsync().ConfigureAwait(false);
        if (_subscriptions is not null)
        {
            await _subscriptions.DisposeAsync().ConfigureAwait(false);
        }

        _metrics.Dispose();
        _stop.Dispose();
        Log.ServerStopped(_logger, Port);
    }

    internal ServerMetrics Metrics => _metrics;

    /// <summary>
    /// Fault injection: closes every open TCP connection at once (as a cut cable would look to the client). Sessions
    /// and subscriptions stay, so clients can reconnect and resume them. Returns how many connections were closed.
    /// </summary>
    public async Task<int> DropAllConnectionsAsync()
    {
        var dropped = 0;
        foreach (var (_, (_, transport)) in _connections)
        {
            await transport.CloseAsync().ConfigureAwait(false);
            dropped++;
        }

        return dropped;
    }

    /// <summary>
    /// Fault injection: Publish responses are held back for <paramref name="duration"/> (requests are answered once
    /// the pause ends, nothing is lost); every other service keeps answering. <see cref="TimeSpan.Zero"/> ends a pause.
    /// </summary>
    public void PausePublish(TimeSpan duration) =>
        (_subscriptions ?? throw new InvalidOperationException("The server is not started.")).PausePublish(duration);

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // A connection reset before accept completed, or out of file descriptors: pause briefly, keep listening.
                Log.AcceptFailed(_logger, e);
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            var id = Interlocked.Increment(ref _nextConnectionId);
            var transport = new ObservedTransport(StreamChunkTransport.FromSocket(socket, _options.TransportLimits.ReceiveBufferSize));
            if (_connections.Count >= _options.MaxConnections)
            {
                Log.ConnectionRefused(_logger, socket.RemoteEndPoint?.ToString(), _options.MaxConnections);
                _metrics.Refused();
                await RefuseAsync(transport).ConfigureAwait(false);
                continue;
            }

            Log.ConnectionAccepted(_logger, id, socket.RemoteEndPoint?.ToString());
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = RunConnectionAsync(id, transport, ready.Task, cancellationToken);
            _connections[id] = (task, transport);
            ready.SetResult();
        }
    }

    private static async Task RefuseAsync(IChunkTransport transport)
    {
        try
        {
            var writer = new ArrayBufferWriter<byte>(64);
            new ErrorMessage(StatusCodes.BadTcpServerTooBusy, "Too many connections.").Encode(writer);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await transport.SendAsync(writer.WrittenMemory, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UacpException or OperationCanceledException)
        {
            // The client is gone already.
        }
        finally
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RunConnectionAsync(long id, ObservedTransport transport, Task registered, CancellationToken stopping)
    {
        await registered.ConfigureAwait(false);
        await Task.Yield(); // Off the accept loop.
        uint channelId = 0;
        using var requests = CancellationTokenSource.CreateLinkedTokenSource(stopping, transport.Closed);
        try
        {
            var connection = await UacpServerConnection.AcceptAsync(transport, _options.TransportLimits, _options.HelloTimeout, stopping).ConfigureAwait(false);
            channelId = NextChannelId();
            var channel = new ServerSecureChannel(
                transport,
                connection.Limits,
                channelId,
                (encodingId, body) => Services.DispatchAsync(channelId, encodingId, body, requests.Token),
                _options.ChannelOptions,
                _options.TimeProvider);
            await using (channel.ConfigureAwait(false))
            {
                await channel.RunAsync(stopping).ConfigureAwait(false);
            }

            Log.ChannelClosed(_logger, channelId);
        }
        catch (UacpException e)
        {
            Log.ConnectionFailed(_logger, id, channelId, StatusCodes.Name(e.StatusCode), e.Reason);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Server shutdown.
        }
        catch (Exception e)
        {
            Log.ConnectionCrashed(_logger, e, id);
        }
        finally
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            _connections.TryRemove(id, out _);
        }
    }

    private uint NextChannelId()
    {
        // Unique per server and never 0 (OPC 10000-6 §6.7.6).
        uint id;
        do
        {
            id = (uint)Interlocked.Increment(ref _lastChannelId);
        }
        while (id == 0);
        return id;
    }
}
