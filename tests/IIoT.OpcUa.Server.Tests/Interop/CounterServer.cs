using System.Net;
using IIoT.OpcUa.Server.Subscriptions;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server.Tests.Interop;

/// <summary>
/// Our server on loopback over a counter model for the node-opcua subscription tests: Objects/Counters with
/// <c>ns=2;s=C.{i}</c> (Int32 counters the test advances together, so a lost value is a gap in the sequence),
/// <c>Level</c> (Double AnalogItem, EURange 0..200, for deadbands), <c>Setpoint</c> (Double, writable) and
/// <c>Big</c> (Double[], for replies larger than a chunk). <see cref="RestartAsync"/> replaces the server with a fresh
/// one (new address space, no sessions or subscriptions) on the same port; the counters go on from where they were.
/// </summary>
internal sealed class CounterServer : IAsyncDisposable
{
    private readonly int _counters;
    private readonly int _bigLength;
    private readonly string _namespaceUri;
    private readonly Lock _gate = new();
    private readonly SampleCounter _sampleCounter = new();
    private VariableNode[] _nodes = [];
    private int _value;
    private CancellationTokenSource? _ticking;
    private Task _ticker = Task.CompletedTask;

    private CounterServer(int counters, int bigLength, string namespaceUri)
    {
        _counters = counters;
        _bigLength = bigLength;
        _namespaceUri = namespaceUri;
    }

    public OpcUaServer Server { get; private set; } = null!;

    public AddressSpace Space => Server.AddressSpace;

    public int Port => Server.Port;

    /// <summary>The value every counter has now (they all move together).</summary>
    public int Value
    {
        get
        {
            lock (_gate)
            {
                return _value;
            }
        }
    }

    /// <summary>Counter increments so far (across restarts).</summary>
    public int Ticks => Value;

    public static string Counter(int i) => $"ns=2;s=C.{i}";

    public const string Level = "ns=2;s=Level";

    public const string Setpoint = "ns=2;s=Setpoint";

    public const string Big = "ns=2;s=Big";

    /// <summary>Starts on <paramref name="port"/> (0 = a free one) with its own namespace URI per test.</summary>
    public static async Task<CounterServer> StartAsync(string testName, int counters, int bigLength = 0, int port = 0)
    {
        var server = new CounterServer(counters, bigLength, $"urn:iiot:test:counters:{testName}");
        server.Server = await server.StartServerAsync(port);
        return server;
    }

    public VariableNode Variable(string nodeId) =>
        Space.Find(NodeId.Parse(nodeId)) as VariableNode ?? throw new InvalidOperationException($"{nodeId} is not in the address space.");

    /// <summary>
    /// Advances every counter by one, at least <paramref name="period"/> apart (a delay after each change, not a
    /// fixed-rate timer that catches up with two changes in a row after a stall), until <see cref="StopTickingAsync"/>.
    /// With <paramref name="sampledItems"/> &gt; 0 each change also waits until the server has read that many values
    /// twice over since the previous change (two sampling passes of that many items), so every change is sampled even
    /// when the machine is too busy to keep the sampling rate; 0 ticks on time whatever happens.
    /// </summary>
    public void StartTicking(TimeSpan period, int sampledItems = 0)
    {
        _ticking = new CancellationTokenSource();
        var token = _ticking.Token;
        _ticker = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var samplesAtTick = _sampleCounter.Samples;
                    await Task.Delay(period, token);
                    while (sampledItems > 0 && _sampleCounter.Samples < samplesAtTick + 2L * sampledItems)
                    {
                        await Task.Delay(5, token);
                    }
                    Tick();
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
    }

    /// <summary>Advances every counter by one now.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            _value++;
            var now = UaDateTime.FromDateTime(DateTime.UtcNow);
            var value = Variant.From(_value);
            foreach (var node in _nodes)
            {
                node.SetValue(value, StatusCode.Good, now);
            }
        }
    }

    /// <summary>Stops the server (connections reset, sessions gone) and starts a new one on the same port.</summary>
    public async Task RestartAsync()
    {
        var port = Server.Port;
        await Server.DisposeAsync();
        Server = await StartServerAsync(port);
    }

    public async ValueTask DisposeAsync()
    {
        await StopTickingAsync();
        await Server.DisposeAsync();
        _sampleCounter.Dispose();
    }

    private async Task<OpcUaServer> StartServerAsync(int port)
    {
        var space = BuildAddressSpace();
        var options = new OpcUaServerOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = port,
            HostName = "localhost",
            ApplicationUri = "urn:iiot:test:counter-server",
            // Fast sampling, so every change of a counter is seen although the sampling timer and the ticker drift.
            Subscriptions = new SubscriptionEngineOptions { MinSamplingInterval = 5, MinPublishingInterval = 20 },
            MeterFactory = _sampleCounter,
        };
        return await OpcUaServer.StartAsync(options, space, configure: null).WaitAsync(TimeSpan.FromSeconds(20));
    }

    private AddressSpace BuildAddressSpace()
    {
        var space = new AddressSpace();
        var ns = space.RegisterNamespace(_namespaceUri);
        var folder = new NodeId("Counters", ns);
        space.AddFolder(new NodeId(ObjectIds.ObjectsFolder), folder, "Counters");
        var nodes = new VariableNode[_counters];
        int value;
        lock (_gate)
        {
            value = _value;
        }
        for (var i = 0; i < _counters; i++)
        {
            nodes[i] = space.AddVariable(folder, new NodeId($"C.{i}", ns), $"C.{i}", new VariableOptions
            {
                DataType = new NodeId(DataTypeIds.Int32),
                InitialValue = Variant.From(value),
            });
        }
        space.AddVariable(folder, new NodeId("Level", ns), "Level", new VariableOptions
        {
            DataType = new NodeId(DataTypeIds.Double),
            TypeDefinition = new NodeId(VariableTypeIds.AnalogItemType),
            InitialValue = Variant.From(0.0),
        });
        space.AddEuRange(new NodeId("Level", ns), new NodeId("Level.EURange", ns), 0, 200);
        space.AddVariable(folder, new NodeId("Setpoint", ns), "Setpoint", new VariableOptions
        {
            DataType = new NodeId(DataTypeIds.Double),
            AccessLevel = VariableOptions.ReadWrite,
            InitialValue = Variant.From(1.5),
        });
        space.AddVariable(folder, new NodeId("Big", ns), "Big", new VariableOptions
        {
            DataType = new NodeId(DataTypeIds.Double),
            ValueRank = 1,
            ArrayDimensions = [0],
            InitialValue = Variant.Array(BuiltInType.Double, Enumerable.Range(0, _bigLength).Select(i => (double)i).ToArray()),
        });
        lock (_gate)
        {
            _nodes = nodes;
        }
        return space;
    }
}
