using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Client.Tests.Interop;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.OwnServer;

/// <summary>
/// SubscriptionOptions.ManualAcknowledge: the server keeps a message in its retransmission queue (Republish answers it)
/// until the reader calls Subscription.Acknowledge; after that the next Publish releases it.
/// </summary>
public sealed class OwnManualAcknowledgeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task Manual_acknowledge_keeps_messages_on_the_server_until_acknowledged() => RunAsync(async (host, session) =>
    {
        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions
        {
            PublishingInterval = TimeSpan.FromMilliseconds(50),
            ManualAcknowledge = true,
        });
        await subscription.AddMonitoredItemsAsync([new MonitoredItemOptions { NodeId = OwnServerHost.Writable, SamplingInterval = 0 }]);
        var first = await subscription.Notifications.ReadAsync();

        // Several more messages pass while the first is not acknowledged: the server must still have it.
        for (var i = 1; i <= 3; i++)
        {
            host.Variable(OwnServerHost.Writable).SetValue(Variant.From(100.0 + i));
            await subscription.Notifications.ReadAsync();
        }

        Assert.NotNull(await RepublishAsync(session, subscription.Id, first.SequenceNumber));

        subscription.Acknowledge(first.SequenceNumber);
        // The acknowledgement goes with the next Publish request, which the server answers after the next change.
        host.Variable(OwnServerHost.Writable).SetValue(Variant.From(200.0));
        await subscription.Notifications.ReadAsync();
        host.Variable(OwnServerHost.Writable).SetValue(Variant.From(201.0));
        await subscription.Notifications.ReadAsync();

        Assert.Null(await RepublishAsync(session, subscription.Id, first.SequenceNumber));
    });

    private static async Task<NotificationMessage?> RepublishAsync(UaSession session, uint subscriptionId, uint sequenceNumber)
    {
        try
        {
            var response = await session.CallAsync<RepublishResponse>(new RepublishRequest
            {
                SubscriptionId = subscriptionId,
                RetransmitSequenceNumber = sequenceNumber,
            });
            return response.NotificationMessage;
        }
        catch (ServiceResultException e) when (e.StatusCode == StatusCodes.BadMessageNotAvailable)
        {
            return null;
        }
    }

    private async Task RunAsync(Func<OwnServerHost, UaSession, Task> test)
    {
        await using var host = await OwnServerHost.StartAsync(new OwnServerSettings()).WaitAsync(Timeout);
        await using var session = await UaSession.ConnectAsync(OwnSessionTests.Options(host), new TestLogger(output)).WaitAsync(Timeout);
        await test(host, session).WaitAsync(Timeout);
    }
}
