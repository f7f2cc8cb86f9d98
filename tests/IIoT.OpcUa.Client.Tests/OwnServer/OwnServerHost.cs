using IIoT.OpcUa.Server;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client.Tests.OwnServer;

/// <summary>
/// Our own OPC UA server, in process on loopback, over a small plant model in namespace <see cref="NamespaceUri"/>:
/// Objects/Plant (folder)/Machine (object) with Counter (UInt32 the test advances, one change at a time), Writable
/// (Double, read/write), ReadOnly (Double), Level (Double AnalogItem, read/write, EURange 0..200, for deadbands) and
/// LargeArray (String[] of about 1.4 MB); Objects/Plant/Bulk (folder) with <c>Bulk.{i}</c> Double variables.
/// <see cref="RestartAsync"/> disposes the server and starts a new one with the same shape on the same port.
/// </summary>
internal sealed class OwnServerHost : IAsyncDisposable
{
    public const string NamespaceUri = "urn:iiot:test:own-server";
    public const string UserName = "operator";
    public const string Password = "s3cret-pw";
    public const int LargeArrayLength = 20_000;

    private readonly OwnServerSettings _settings;
    private readonly ServerMeter _meter = new();
    private readonly Lock _gate = new();
    private uint _counter;
    private int _expired;
    private CancellationTokenSource? _ticking;
    private Task _ticker = Task.CompletedTask;
    private TimeSpan? _period;
    private bool _shiftNamespace;
    private ushort _namespace = 2;

    private OwnServerHost(OwnServerSettings settings)
    {
        _settings = settings;
    }

    public OpcUaServer Server { get; private set; } = null!;

    public int Port => Server.Port;

    public string EndpointUrl => $"opc.tcp://127.0.0.1:{Port}";

    /// <summary>Sessions the server ended by itself (expiry), counted across restarts.</summary>
    public int ExpiredSessions => Volatile.Read(ref _expired);

    /// <summary>Values the server's sampling loops read so far (all server instances of this host).</summary>
    public long Samples => _meter.Samples;

    /// <summary>Called with the service name when a response is ready, before it is sent (see <see cref="ServerMeter.RequestAnswered"/>).</summary>
    public Action<string>? RequestAnswered
    {
        get => _meter.RequestAnswered;
        set => _meter.RequestAnswered = value;
    }

    /// <summary>Requests of one service answered so far (request type name, e.g. "BrowseNextRequest").</summary>
    public long Requests(string service) => _meter.Requests(service);

    /// <summary>Requests of one service answered with one status (its name, e.g. "BadTooManyPublishRequests").</summary>
    public long Requests(string service, string status) => _meter.Requests(service, status);

    /// <summary>A node of the test model as the client first sees it (namespace index 2).</summary>
    public static NodeId Id(string name) => new(name, 2);

    public static NodeId Counter => Id("Machine.Counter");

    public static NodeId Writable => Id("Machine.Writable");

    public static NodeId ReadOnly => Id("Machine.ReadOnly");

    public static NodeId Level => Id("Machine.Level");

    public static NodeId LargeArray => Id("Machine.LargeArray");

    public static NodeId Bulk(int i) => Id($"Bulk.{i}");

    /// <summary>The counter's current value.</summary>
    public uint CounterValue
    {
        get
        {
            lock (_gate)
            {
                return _counter;
            }
        }
    }

    /// <summary>Starts a server with <paramref name="settings"/> (defaults when null) on a free port. The test namespace gets index 2.</summary>
    public static async Task<OwnServerHost> StartAsync(OwnServerSettings? settings = null)
    {
        var host = new OwnServerHost(settings ?? new OwnServerSettings());
        try
        {
            host.Server = await host.StartServerAsync(0);
            return host;
        }
        catch
        {
            host._meter.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Disposes the server (sessions and subscriptions go with it) and starts a fresh one on the same port. A ticking
    /// counter pauses meanwhile and goes on from its value in the new server. With <paramref name="shiftNamespace"/> the
    /// new server registers another namespace first, so ours gets index 3 instead of 2 (clients must remap).
    /// </summary>
    public async Task RestartAsync(bool shiftNamespace = false)
    {
        _shiftNamespace = shiftNamespace;
        var period = _period;
        await StopTickingAsync();
        var port = Server.Port;
        await Server.DisposeAsync();
        Server = await StartServerAsync(port);
        if (period is { } p)
        {
            StartTicking(p);
        }
    }

    /// <summary>The server's variable for a client-side id in namespace 2 (wherever the namespace sits in this server).</summary>
    public VariableNode Variable(NodeId nodeId)
    {
        var local = nodeId.NamespaceIndex == 2 ? new NodeId(nodeId.StringId, Volatile.Read(ref _namespace)) : nodeId;
        return Server.AddressSpace.Find(local) as VariableNode ?? throw new InvalidOperationException($"{local} is not a variable.");
    }

    /// <summary>
    /// Advances the counter by one per change, at least <paramref name="period"/> apart, and each change only after the
    /// server sampled twice since the previous one (so every change is seen by a single monitored item), until
    /// <see cref="StopTickingAsync"/>. While nobody samples (no item, server restarting) the counter waits.
    /// </summary>
    public void StartTicking(TimeSpan period)
    {
        _period = period;
        _ticking = new CancellationTokenSource();
        var token = _ticking.Token;
        _ticker = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var samples = _meter.Samples;
                    await Task.Delay(period, token);
                    while (_meter.Samples < samples + 2)
                    {
                        await Task.Delay(5, token);
                    }

                    lock (_gate)
                    {
                        _counter++;
                        Variable(Counter).SetValue(Variant.From(_counter));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
    }

    public async Task StopTickingAsync()
    {
        if (_ticking is null)
        {
            return;
        }

        await _ticking.CancelAsync();
        await _ticker;
        _ticking.Dispose();
        _ticking = null;
        _period = null;
    }

    /// <summary>Waits until the server has sampled <paramref name="count"/> more values than <paramref name="from"/>.</summary>
    public Task WaitSampledAsync(long from, int count, TimeSpan timeout) =>
        IIoT.Testing.Wait.UntilAsync(() => _meter.Samples >= from + count, timeout, $"{count} samples");

    public async ValueTask DisposeAsync()
    {
        await StopTickingAsync();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        _meter.Dispose();
    }

    private async Task<OpcUaServer> StartServerAsync(int port)
    {
        var options = _settings.ToOptions(port, _meter);
        return await OpcUaServer.StartAsync(options, BuildAddressSpace(), server => server.SessionClosed += (_, deleteSubscriptions) =>
        {
            if (!deleteSubscriptions)
            {
                Interlocked.Increment(ref _expired);
            }
        }).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private AddressSpace BuildAddressSpace()
    {
        var space = new AddressSpace();
        if (_shiftNamespace)
        {
            space.RegisterNamespace("urn:iiot:test:another-model"); // ours moves from index 2 to 3
        }

        var ns = space.RegisterNamespace(NamespaceUri);
        _namespace = ns;
        NodeId Id(string name) => new(name, ns);
        NodeId L(NodeId client) => new(client.StringId, ns);

        space.AddFolder(new NodeId(ObjectIds.ObjectsFolder), Id("Plant"), "Plant");
        space.AddObject(Id("Plant"), Id("Machine"), "Machine");
        space.AddVariable(Id("Machine"), L(Counter), "Counter", new VariableOptions
        {
            DataType = new NodeId(DataTypeIds.UInt32),
            InitialValue = Variant.From(CounterValue),
        });
        space.AddVariable(Id("Machine"), L(Writable), "Writable", new VariableOptions
        {
            AccessLevel = VariableOptions.ReadWrite,
            InitialValue = Variant.From(1.5),
        });
        space.AddVariable(Id("Machine"), L(ReadOnly), "ReadOnly", new VariableOptions { InitialValue = Variant.From(2.5) });
        space.AddVariable(Id("Machine"), L(Level), "Level", new VariableOptions
        {
            AccessLevel = VariableOptions.ReadWrite,
            TypeDefinition = new NodeId(VariableTypeIds.AnalogItemType),
            InitialValue = Variant.From(0.0),
        });
        space.AddEuRange(L(Level), Id("Machine.Level.EURange"), 0, 200);
        var strings = new string[LargeArrayLength];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = $"{i}:{new string('x', 64)}";
        }

        space.AddVariable(Id("Machine"), L(LargeArray), "LargeArray", new VariableOptions
        {
            DataType = new NodeId(DataTypeIds.String),
            ValueRank = ValueRanks.OneDimension,
            InitialValue = Variant.Array(BuiltInType.String, strings),
        });
        space.AddFolder(Id("Plant"), Id("Bulk"), "Bulk");
        for (var i = 0; i < _settings.BulkVariables; i++)
        {
            space.AddVariable(Id("Bulk"), L(Bulk(i)), $"Bulk.{i}", new VariableOptions { InitialValue = Variant.From((double)i) });
        }

        return space;
    }
}
