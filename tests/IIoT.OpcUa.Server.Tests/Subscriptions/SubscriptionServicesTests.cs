using IIoT.OpcUa.Server.Subscriptions.Tests.Fakes;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using static IIoT.OpcUa.Server.Subscriptions.Tests.Fakes.EngineHarness;

namespace IIoT.OpcUa.Server.Subscriptions.Tests;

public sealed class SubscriptionServicesTests
{
    [Fact]
    public async Task RegisterAll_routes_every_subscription_service_to_the_engine_with_the_session_id()
    {
        await using var h = new EngineHarness();
        var registry = new RecordingRegistry();
        SubscriptionServices.RegisterAll(h.Engine, registry, sameUser: (target, owner) => owner == SessionA);

        Assert.Equal(12, registry.Handlers.Count);
        Assert.Contains(PublishRequest.BinaryEncodingId, registry.Handlers.Keys);
        Assert.Contains(SetTriggeringRequest.BinaryEncodingId, registry.Handlers.Keys);

        var created = (CreateSubscriptionResponse)await registry.CallAsync(SessionA, new CreateSubscriptionRequest { RequestedPublishingInterval = 100, PublishingEnabled = true })
            .AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(StatusCodes.Good, created.ResponseHeader.ServiceResult.Code);

        var publish = registry.CallAsync(SessionA, new PublishRequest()).AsTask();
        h.Clock.AdvanceMs(100);
        var response = (PublishResponse)await publish.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(created.SubscriptionId, response.SubscriptionId);

        var transfer = (TransferSubscriptionsResponse)await registry.CallAsync(SessionB, new TransferSubscriptionsRequest { SubscriptionIds = [created.SubscriptionId] });
        Assert.Equal(StatusCodes.Good, transfer.Results![0].StatusCode.Code);
        var back = (TransferSubscriptionsResponse)await registry.CallAsync(SessionA, new TransferSubscriptionsRequest { SubscriptionIds = [created.SubscriptionId] });
        Assert.Equal(StatusCodes.BadUserAccessDenied, back.Results![0].StatusCode.Code); // now owned by B, and only A's are allowed
    }

    private sealed class RecordingRegistry : ISubscriptionServiceRegistry
    {
        public Dictionary<uint, Func<NodeId, IServiceRequest, CancellationToken, ValueTask<IServiceResponse>>> Handlers { get; } = [];

        public void Register<TRequest>(uint requestEncodingId, Func<NodeId, TRequest, CancellationToken, ValueTask<IServiceResponse>> handler)
            where TRequest : class, IServiceRequest, IEncodeable<TRequest> =>
            Handlers.Add(requestEncodingId, (session, request, ct) => handler(session, (TRequest)request, ct));

        public ValueTask<IServiceResponse> CallAsync(NodeId session, IServiceRequest request) =>
            Handlers[request.BinaryEncodingId](session, request, CancellationToken.None);
    }
}
