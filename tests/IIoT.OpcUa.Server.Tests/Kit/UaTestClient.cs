using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Tests.Kit;

/// <summary>A bare session client over our own secure channel (TCP, loopback): just enough to call the server's services.</summary>
internal sealed class UaTestClient : IAsyncDisposable
{
    private uint _handle;

    private UaTestClient(ClientSecureChannel channel, IChunkTransport transport, string endpointUrl)
    {
        Channel = channel;
        Transport = transport;
        EndpointUrl = endpointUrl;
    }

    public ClientSecureChannel Channel { get; }

    public IChunkTransport Transport { get; }

    public string EndpointUrl { get; }

    public NodeId AuthenticationToken { get; set; } = NodeId.Null;

    public NodeId SessionId { get; private set; } = NodeId.Null;

    public static async Task<UaTestClient> ConnectAsync(OpcUaServer server)
    {
        var limits = new TransportLimits();
        var transport = await StreamChunkTransport.ConnectAsync("127.0.0.1", server.Port, limits.ReceiveBufferSize).AsTask().WaitAsync(TestServer.Timeout);
        var connection = await UacpClientConnection.ConnectAsync(transport, server.EndpointUrl, limits, TestServer.Timeout).AsTask().WaitAsync(TestServer.Timeout);
        var channel = new ClientSecureChannel(transport, connection.Limits);
        await channel.OpenAsync().WaitAsync(TestServer.Timeout);
        return new UaTestClient(channel, transport, server.EndpointUrl);
    }

    /// <summary>Connects, creates and activates an anonymous session.</summary>
    public static async Task<UaTestClient> ConnectWithSessionAsync(OpcUaServer server)
    {
        var client = await ConnectAsync(server);
        await client.CreateSessionAsync();
        await client.ActivateAsync(Anonymous());
        return client;
    }

    public static ExtensionObject Anonymous() => ExtensionObjects.Wrap(new AnonymousIdentityToken { PolicyId = "anonymous" });

    public static ExtensionObject User(string name, string password) => ExtensionObjects.Wrap(new UserNameIdentityToken
    {
        PolicyId = "username",
        UserName = name,
        Password = System.Text.Encoding.UTF8.GetBytes(password),
    });

    public RequestHeader Header() => new()
    {
        AuthenticationToken = AuthenticationToken,
        RequestHandle = Interlocked.Increment(ref _handle),
        Timestamp = UaDateTime.FromDateTime(DateTime.UtcNow),
        TimeoutHint = 10_000,
    };

    public async Task<CreateSessionResponse> CreateSessionAsync(double timeoutMs = 60_000)
    {
        var response = await CallAsync<CreateSessionResponse>(new CreateSessionRequest
        {
            RequestHeader = Header(),
            ClientDescription = new ApplicationDescription { ApplicationUri = "urn:iiot:test:client", ApplicationType = ApplicationType.Client },
            EndpointUrl = EndpointUrl,
            SessionName = "test",
            ClientNonce = new byte[32],
            RequestedSessionTimeout = timeoutMs,
            MaxResponseMessageSize = 0,
        });
        AuthenticationToken = response.AuthenticationToken;
        SessionId = response.SessionId;
        return response;
    }

    public Task<ActivateSessionResponse> ActivateAsync(ExtensionObject identity) =>
        CallAsync<ActivateSessionResponse>(new ActivateSessionRequest { RequestHeader = Header(), UserIdentityToken = identity });

    /// <summary>Sends the request (with a fresh header) and decodes the response; a ServiceFault throws a UacpException with its code.</summary>
    public Task<TResponse> CallAsync<TResponse>(IServiceRequest request)
        where TResponse : IEncodeable<TResponse>
    {
        if (request.RequestHeader.RequestHandle == 0)
        {
            request.RequestHeader = Header();
        }

        return Channel.CallAsync<TResponse>(request).WaitAsync(TestServer.Timeout);
    }

    /// <summary>The ServiceResult of the response or ServiceFault.</summary>
    public async Task<uint> ServiceResultAsync(IServiceRequest request)
    {
        if (request.RequestHeader.RequestHandle == 0)
        {
            request.RequestHeader = Header();
        }

        var message = await Channel.SendRequestAsync(request).WaitAsync(TestServer.Timeout);
        var reader = new UaBinaryReader(message.Body.Span);
        return ResponseHeader.Decode(ref reader).ServiceResult.Code;
    }

    public async Task<DataValue[]> ReadAsync(params ReadValueId[] nodes)
    {
        var response = await CallAsync<ReadResponse>(new ReadRequest { NodesToRead = nodes, TimestampsToReturn = TimestampsToReturn.Both });
        return response.Results ?? [];
    }

    public async Task<DataValue> ReadAsync(NodeId nodeId, uint attributeId = AttributeIds.Value) =>
        (await ReadAsync(new ReadValueId { NodeId = nodeId, AttributeId = attributeId }))[0];

    public async Task<uint> WriteAsync(NodeId nodeId, Variant value)
    {
        var response = await CallAsync<WriteResponse>(new WriteRequest
        {
            NodesToWrite = [new WriteValue { NodeId = nodeId, AttributeId = AttributeIds.Value, Value = new DataValue { Value = value } }],
        });
        return response.Results![0].Code;
    }

    public async ValueTask DisposeAsync()
    {
        await Channel.DisposeAsync();
        await Transport.CloseAsync();
    }
}
