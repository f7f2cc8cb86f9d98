using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client.Tests.Kit;

/// <summary>
/// A minimal OPC UA server on loopback built from our stack's server channel, whose Publish and Republish answers
/// the test writes: the faults node-opcua cannot be made to show on demand (out-of-order and duplicate sequence
/// numbers, BadTooManyPublishRequests, BadMessageNotAvailable, revised keep-alives). One session, one subscription (id 1).
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    public const uint SubscriptionId = 1;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Channel<PendingPublish> _publishes = Channel.CreateUnbounded<PendingPublish>();
    private readonly ConcurrentQueue<PendingPublish> _allPublishes = new();
    private readonly Task _acceptLoop;
    private uint _channelIds;

    public ScriptedServer()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public string EndpointUrl => $"opc.tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Revised values CreateSubscription answers with (UA-R12).</summary>
    public double RevisedPublishingInterval { get; set; } = 100;

    public uint RevisedKeepAliveCount { get; set; } = 10;

    /// <summary>Answers Republish; default: BadMessageNotAvailable for everything.</summary>
    public Func<RepublishRequest, IEncodeable>? OnRepublish { get; set; }

    public ConcurrentQueue<PublishRequest> PublishRequests { get; } = new();

    /// <summary>BrowseNext requests received: whether each asked to release its continuation points.</summary>
    public ConcurrentQueue<bool> BrowseNextReleases { get; } = new();

    /// <summary>Called on each BrowseNext that does not release (to cancel the caller mid-way, say).</summary>
    public Action? OnBrowseNext { get; set; }

    public ConcurrentQueue<uint> RepublishRequests { get; } = new();

    /// <summary>Acknowledgements received, in order, over all Publish requests.</summary>
    public List<uint> Acknowledged => [.. PublishRequests.SelectMany(p => p.SubscriptionAcknowledgements ?? []).Select(a => a.SequenceNumber)];

    public ValueTask<PendingPublish> NextPublishAsync(CancellationToken cancellationToken = default) => _publishes.Reader.ReadAsync(cancellationToken);

    public void Respond(PendingPublish pending, Func<PendingPublish, IEncodeable> answer) => pending.Respond(answer(pending));

    public static PublishResponse Data(PendingPublish to, uint sequenceNumber, params uint[] values) =>
        Response(to, Message(sequenceNumber, values));

    public static PublishResponse KeepAlive(PendingPublish to, uint nextSequenceNumber) =>
        Response(to, new NotificationMessage { SequenceNumber = nextSequenceNumber, PublishTime = Now() });

    public static ServiceFault Fault(uint statusCode) => new() { ResponseHeader = new ResponseHeader { ServiceResult = statusCode, Timestamp = Now() } };

    public static NotificationMessage Message(uint sequenceNumber, params uint[] values) => new()
    {
        SequenceNumber = sequenceNumber,
        PublishTime = Now(),
        NotificationData =
        [
            ExtensionObjects.Wrap(new DataChangeNotification
            {
                MonitoredItems = [.. values.Select(v => new MonitoredItemNotification { ClientHandle = 1, Value = new DataValue { Value = Variant.From(v) } })],
            }),
        ],
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var pending in _allPublishes)
        {
            pending.Respond(Fault(StatusCodes.BadServerHalted)); // held requests would keep their channels running
        }

        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        foreach (var connection in connections)
        {
            await connection.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private static PublishResponse Response(PendingPublish to, NotificationMessage message) => new()
    {
        ResponseHeader = new ResponseHeader { RequestHandle = to.Request.RequestHeader.RequestHandle, Timestamp = Now() },
        SubscriptionId = SubscriptionId,
        NotificationMessage = message,
        Results = [.. (to.Request.SubscriptionAcknowledgements ?? []).Select(_ => new StatusCode(StatusCodes.Good))],
    };

    private static UaDateTime Now() => UaDateTime.FromDateTime(DateTime.UtcNow);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            var connection = Task.Run(() => ServeAsync(socket, _stop.Token));
            lock (_connections)
            {
                _connections.Add(connection);
            }
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stop)
    {
        var transport = StreamChunkTransport.FromSocket(socket);
        try
        {
            var connection = await UacpServerConnection.AcceptAsync(transport, new TransportLimits(), cancellationToken: stop);
            await using var channel = new ServerSecureChannel(transport, connection.Limits, Interlocked.Increment(ref _channelIds), HandleAsync);
            await channel.RunAsync(stop);
        }
        catch (Exception e) when (e is UacpException or OperationCanceledException or IOException or SocketException)
        {
        }
        finally
        {
            await transport.CloseAsync();
        }
    }

    private async ValueTask<IEncodeable> HandleAsync(uint encodingId, ReadOnlyMemory<byte> body)
    {
        var message = new ServiceMessage(encodingId, body);
        switch (encodingId)
        {
            case GetEndpointsRequest.BinaryEncodingId:
                return new GetEndpointsResponse
                {
                    ResponseHeader = Header(),
                    Endpoints =
                    [
                        new EndpointDescription
                        {
                            EndpointUrl = EndpointUrl,
                            SecurityMode = MessageSecurityMode.None,
                            SecurityPolicyUri = SecurityPolicies.None,
                            UserIdentityTokens = [new UserTokenPolicy { PolicyId = "anonymous", TokenType = UserTokenType.Anonymous }],
                        },
                    ],
                };
            case CreateSessionRequest.BinaryEncodingId:
                return new CreateSessionResponse
                {
                    ResponseHeader = Header(),
                    SessionId = new NodeId(1000u, 1),
                    AuthenticationToken = new NodeId(Guid.NewGuid(), 1),
                    RevisedSessionTimeout = 60_000,
                };
            case ActivateSessionRequest.BinaryEncodingId:
                return new ActivateSessionResponse { ResponseHeader = Header() };
            case ReadRequest.BinaryEncodingId:
                var read = message.Decode<ReadRequest>();
                return new ReadResponse
                {
                    ResponseHeader = Header(),
                    Results = [.. (read.NodesToRead ?? []).Select(n => n.NodeId == new NodeId(VariableIds.Server_NamespaceArray)
                        ? new DataValue { Value = Variant.Array(BuiltInType.String, new[] { "http://opcfoundation.org/UA/" }) }
                        : new DataValue { Value = Variant.From(0u) })],
                };
            case CreateSubscriptionRequest.BinaryEncodingId:
                return new CreateSubscriptionResponse
                {
                    ResponseHeader = Header(),
                    SubscriptionId = SubscriptionId,
                    RevisedPublishingInterval = RevisedPublishingInterval,
                    RevisedMaxKeepAliveCount = RevisedKeepAliveCount,
                    RevisedLifetimeCount = RevisedKeepAliveCount * 3,
                };
            case PublishRequest.BinaryEncodingId:
                var publish = message.Decode<PublishRequest>();
                PublishRequests.Enqueue(publish);
                var pending = new PendingPublish(publish);
                _allPublishes.Enqueue(pending);
                await _publishes.Writer.WriteAsync(pending);
                return await pending.Answer;
            case RepublishRequest.BinaryEncodingId:
                var republish = message.Decode<RepublishRequest>();
                RepublishRequests.Enqueue(republish.RetransmitSequenceNumber);
                return OnRepublish?.Invoke(republish) ?? Fault(StatusCodes.BadMessageNotAvailable);
            case BrowseRequest.BinaryEncodingId:
                // Every node has "more": one reference and a continuation point, forever.
                var browse = message.Decode<BrowseRequest>();
                return new BrowseResponse { ResponseHeader = Header(), Results = [.. (browse.NodesToBrowse ?? []).Select(_ => MoreToCome())] };
            case BrowseNextRequest.BinaryEncodingId:
                var next = message.Decode<BrowseNextRequest>();
                BrowseNextReleases.Enqueue(next.ReleaseContinuationPoints);
                if (!next.ReleaseContinuationPoints)
                {
                    OnBrowseNext?.Invoke();
                }

                return new BrowseNextResponse
                {
                    ResponseHeader = Header(),
                    Results = [.. (next.ContinuationPoints ?? []).Select(_ => next.ReleaseContinuationPoints ? new BrowseResult() : MoreToCome())],
                };
            case CloseSessionRequest.BinaryEncodingId:
                return new CloseSessionResponse { ResponseHeader = Header() };
            case DeleteSubscriptionsRequest.BinaryEncodingId:
                return new DeleteSubscriptionsResponse { ResponseHeader = Header(), Results = [StatusCodes.Good] };
            default:
                return Fault(StatusCodes.BadServiceUnsupported);
        }
    }

    private static ResponseHeader Header() => new() { Timestamp = Now() };

    private static BrowseResult MoreToCome() => new()
    {
        ContinuationPoint = [1, 2, 3],
        References = [new ReferenceDescription { NodeId = new ExpandedNodeId(new NodeId(Guid.NewGuid(), 1)), BrowseName = new QualifiedName(1, "x"), NodeClass = NodeClass.Object }],
    };
}
