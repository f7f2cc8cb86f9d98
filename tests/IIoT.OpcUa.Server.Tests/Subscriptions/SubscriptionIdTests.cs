using IIoT.OpcUa.Server.Subscriptions.Tests.Fakes;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using static IIoT.OpcUa.Server.Subscriptions.Tests.Fakes.EngineHarness;

namespace IIoT.OpcUa.Server.Subscriptions.Tests;

public sealed class SubscriptionIdTests
{
    [Fact]
    public async Task A_new_engine_does_not_reuse_the_subscription_ids_of_the_previous_one_so_a_late_transfer_cannot_take_another_clients_subscription()
    {
        // The server restarted: the old instance gave session A its subscription, the new one gave session B one first.
        await using var before = new EngineHarness();
        await using var after = new EngineHarness();
        var old = before.Subscribe(SessionA);
        var other = after.Subscribe(SessionB);

        // Session A (reconnected, anonymous like B) asks the new instance for its old id.
        var transfer = after.Engine.TransferSubscriptions(SessionA, new TransferSubscriptionsRequest { SubscriptionIds = [old] }, _ => true);

        Assert.NotEqual(old, other);
        Assert.True(old > ushort.MaxValue && other > ushort.MaxValue, $"ids {old}, {other}");
        Assert.Equal(StatusCodes.BadSubscriptionIdInvalid, transfer.Results![0].StatusCode.Code);
        Assert.Equal(other + 1, after.Subscribe(SessionB)); // within one instance the ids still count up
    }
}
