using IIoT.OpcUa.Server.Subscriptions.Tests.Fakes;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions.Tests;

public sealed class SubscriptionRevisionTests
{
    [Fact]
    public async Task UA_R12_CreateSubscription_raises_lifetime_to_three_keep_alives_and_clamps_interval_and_keep_alive()
    {
        await using var h = new EngineHarness(new SubscriptionEngineOptions { MinPublishingInterval = 50, MaxPublishingInterval = 10_000, MaxKeepAliveCount = 100, MaxLifetimeCount = 1_000 });

        var low = h.CreateSubscription(EngineHarness.SessionA, interval: 1, keepAlive: 20, lifetime: 5);
        Assert.Equal(StatusCodes.Good, low.ResponseHeader.ServiceResult.Code);
        Assert.Equal(50, low.RevisedPublishingInterval);
        Assert.Equal(20u, low.RevisedMaxKeepAliveCount);
        Assert.Equal(60u, low.RevisedLifetimeCount);

        var high = h.CreateSubscription(EngineHarness.SessionA, interval: 1e9, keepAlive: 5_000, lifetime: 1_000_000);
        Assert.Equal(10_000, high.RevisedPublishingInterval);
        Assert.Equal(100u, high.RevisedMaxKeepAliveCount);
        Assert.Equal(1_000u, high.RevisedLifetimeCount);

        var zero = h.CreateSubscription(EngineHarness.SessionA, interval: double.NaN, keepAlive: 0, lifetime: 0);
        Assert.Equal(50, zero.RevisedPublishingInterval);
        Assert.Equal(1u, zero.RevisedMaxKeepAliveCount);
        Assert.Equal(3u, zero.RevisedLifetimeCount);
        Assert.NotEqual(low.SubscriptionId, high.SubscriptionId);
    }

    [Fact]
    public async Task UA_R12_ModifySubscription_reports_revised_values_and_rejects_a_foreign_subscription()
    {
        await using var h = new EngineHarness();
        var id = h.Subscribe(EngineHarness.SessionA, interval: 100, keepAlive: 10, lifetime: 30);

        var modified = h.Engine.ModifySubscription(EngineHarness.SessionA, new ModifySubscriptionRequest
        {
            SubscriptionId = id, RequestedPublishingInterval = 250, RequestedMaxKeepAliveCount = 4, RequestedLifetimeCount = 2,
        });
        Assert.Equal(StatusCodes.Good, modified.ResponseHeader.ServiceResult.Code);
        Assert.Equal(250, modified.RevisedPublishingInterval);
        Assert.Equal(4u, modified.RevisedMaxKeepAliveCount);
        Assert.Equal(12u, modified.RevisedLifetimeCount);

        var foreign = h.Engine.ModifySubscription(EngineHarness.SessionB, new ModifySubscriptionRequest { SubscriptionId = id });
        Assert.Equal(StatusCodes.BadSubscriptionIdInvalid, foreign.ResponseHeader.ServiceResult.Code);
    }

    [Fact]
    public void Options_that_break_lifetime_three_times_keep_alive_are_refused()
    {
        var options = new SubscriptionEngineOptions { MaxKeepAliveCount = 100, MaxLifetimeCount = 200 };
        Assert.Throws<ArgumentException>(() => new SubscriptionEngine(new FakeNodeSource(), options));
    }
}
