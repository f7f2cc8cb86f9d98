using System.Buffers;
using IIoT.OpcUa.Server.Tests.Kit;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Tests;

public sealed class ServiceTableTests
{
    [Fact]
    public Task Unregistered_service_gets_BadServiceUnsupported_and_the_channel_keeps_working() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);

        var status = await client.ServiceResultAsync(new HistoryReadRequest());

        Assert.Equal(StatusCodes.BadServiceUnsupported, status);
        Assert.Equal(7, (await client.ReadAsync(TestServer.Counter)).Value.Value);
    });

    [Fact]
    public Task UA_D02_undecodable_request_gets_BadDecodingError_and_the_channel_keeps_working() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);

        var message = await client.Channel.SendRequestAsync(new RawRequest(ReadRequest.BinaryEncodingId, [1, 2, 3])).WaitAsync(TestServer.Timeout);

        Assert.Equal(ServiceFault.BinaryEncodingId, message.EncodingId);
        Assert.Equal(StatusCodes.BadDecodingError, message.Decode<ServiceFault>().ResponseHeader.ServiceResult.Code);
        Assert.Equal(7, (await client.ReadAsync(TestServer.Counter)).Value.Value);
    });

    [Fact]
    public Task Every_truncated_prefix_of_a_valid_request_gets_a_decoding_fault_and_never_breaks_the_channel() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);
        var request = new BrowseRequest
        {
            RequestHeader = client.Header(),
            NodesToBrowse = [new BrowseDescription { NodeId = TestServer.Machine, ReferenceTypeId = new NodeId(ReferenceTypeIds.HierarchicalReferences), IncludeSubtypes = true, ResultMask = 63 }],
        };
        var buffer = new ArrayBufferWriter<byte>();
        request.Encode(new UaBinaryWriter(buffer));
        var body = buffer.WrittenSpan.ToArray();

        var statuses = new HashSet<uint>();
        for (var length = 0; length < body.Length; length++)
        {
            var message = await client.Channel.SendRequestAsync(new RawRequest(BrowseRequest.BinaryEncodingId, body[..length])).WaitAsync(TestServer.Timeout);
            Assert.Equal(ServiceFault.BinaryEncodingId, message.EncodingId);
            statuses.Add(message.Decode<ServiceFault>().ResponseHeader.ServiceResult.Code);
        }

        var whole = await client.Channel.SendRequestAsync(new RawRequest(BrowseRequest.BinaryEncodingId, body)).WaitAsync(TestServer.Timeout);
        Assert.Equal([StatusCodes.BadDecodingError], statuses);
        Assert.Equal(BrowseResponse.BinaryEncodingId, whole.EncodingId);
        Assert.Equal(5, whole.Decode<BrowseResponse>().Results![0].References!.Length);
    });

    [Fact]
    public Task UA_D02_string_over_the_servers_limit_gets_BadEncodingLimitsExceeded() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync(TestServer.Options(encodingLimits: EncodingLimits.Default with { MaxStringLength = 64 }));
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);

        var status = await client.ServiceResultAsync(new ReadRequest
        {
            NodesToRead = [new ReadValueId { NodeId = new NodeId(new string('x', 65), 2), AttributeId = AttributeIds.Value }],
        });

        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, status);
        Assert.Equal(7, (await client.ReadAsync(TestServer.Counter)).Value.Value);
    });

    [Fact]
    public Task Handler_exception_becomes_BadInternalError_for_that_request_only() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync(configure: s =>
            s.Services.Register<CallRequest>(CallRequest.BinaryEncodingId, (_, _, _) => throw new InvalidOperationException("bug"), requiresSession: true));
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);

        var status = await client.ServiceResultAsync(new CallRequest());

        Assert.Equal(StatusCodes.BadInternalError, status);
        Assert.Equal(7, (await client.ReadAsync(TestServer.Counter)).Value.Value);
    });

    [Fact]
    public Task Registered_service_gets_the_session_and_channel_and_its_response_header_is_stamped() => Run(async () =>
    {
        ServiceContext? seen = null;
        await using var server = await TestServer.StartAsync(configure: s =>
            s.Services.Register<CallRequest>(CallRequest.BinaryEncodingId, (context, request, ct) =>
            {
                seen = context;
                return ValueTask.FromResult<IServiceResponse>(new CallResponse { Results = [] });
            }, requiresSession: true));
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);
        var header = client.Header();
        var before = DateTime.UtcNow.AddSeconds(-1);

        var response = await client.CallAsync<CallResponse>(new CallRequest { RequestHeader = header });

        Assert.NotNull(seen);
        Assert.Equal(client.SessionId, seen.Session!.SessionId);
        Assert.Equal(client.Channel.ChannelId, seen.ChannelId);
        Assert.Equal(header.RequestHandle, seen.RequestHeader.RequestHandle);
        Assert.Equal(header.RequestHandle, response.ResponseHeader.RequestHandle);
        Assert.True(response.ResponseHeader.Timestamp.ToDateTime() >= before);
    });

    [Fact]
    public Task Service_registered_without_session_runs_without_one_and_gets_no_session() => Run(async () =>
    {
        var sessionSeen = true;
        await using var server = await TestServer.StartAsync(configure: s =>
            s.Services.Register<CallRequest>(CallRequest.BinaryEncodingId, (context, request, ct) =>
            {
                sessionSeen = context.Session is not null;
                return ValueTask.FromResult<IServiceResponse>(new CallResponse());
            }, requiresSession: false));
        await using var client = await UaTestClient.ConnectAsync(server);

        var status = await client.ServiceResultAsync(new CallRequest());

        Assert.Equal(StatusCodes.Good, status);
        Assert.False(sessionSeen);
    });

    [Fact]
    public Task Session_services_refuse_a_request_without_session_with_BadSessionIdInvalid() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectAsync(server);

        var status = await client.ServiceResultAsync(new BrowseRequest { NodesToBrowse = [new BrowseDescription { NodeId = new NodeId(ObjectIds.RootFolder) }] });

        Assert.Equal(StatusCodes.BadSessionIdInvalid, status);
    });

    [Fact]
    public Task Registering_after_start_is_refused() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();

        Assert.Throws<InvalidOperationException>(() =>
            server.Services.Register<CallRequest>(CallRequest.BinaryEncodingId, (_, _, _) => ValueTask.FromResult<IServiceResponse>(new CallResponse()), false));
    });

    private static Task Run(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(30));
}
