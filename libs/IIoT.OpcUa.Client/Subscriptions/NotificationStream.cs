using System.Threading.Channels;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client;

/// <summary>
/// The reader-facing side of a <see cref="Subscription"/>: turns the messages a <see cref="SequenceTracker{T}"/> releases
/// in order into <see cref="NotificationBatch"/>es, and runs of lost messages into one <see cref="DataGap"/> marker
/// between the last publish time delivered and the next. A bounded channel: a slow reader slows publishing down.
/// </summary>
internal sealed class NotificationStream(UaSession session, int capacity)
{
    private readonly Channel<NotificationBatch> _channel = Channel.CreateBounded<NotificationBatch>(new BoundedChannelOptions(Math.Max(1, capacity))
    {
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private DateTime _lastPublishTime = session.Time.GetUtcNow().UtcDateTime;

    public ChannelReader<NotificationBatch> Reader => _channel.Reader;

    public DateTime LastPublishTime => _lastPublishTime;

    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Delivers what is ready; StatusChangeNotifications go to <paramref name="onStatus"/> (with whether they came by Republish).</summary>
    public async Task DrainAsync(SequenceTracker<ReceivedMessage> tracker, uint subscriptionId, Action<StatusCode, bool> onStatus, CancellationToken cancellationToken)
    {
        uint gapFirst = 0, gapLast = 0;
        while (tracker.TryDequeue(out var sequenceNumber, out var received))
        {
            if (received is null)
            {
                gapFirst = gapFirst == 0 ? sequenceNumber : gapFirst;
                gapLast = sequenceNumber;
                continue;
            }

            var publishTime = received.PublishTime.ToDateTime();
            if (gapFirst != 0)
            {
                await EmitGapAsync(new DataGap(subscriptionId, DataGapReason.MessagesLost, gapFirst, gapLast, _lastPublishTime, publishTime), cancellationToken)
                    .ConfigureAwait(false);
                gapFirst = 0;
            }

            _lastPublishTime = publishTime;
            foreach (var part in received.Parts)
            {
                if (part.Values is { } values)
                {
                    await _channel.Writer.WriteAsync(new NotificationBatch(subscriptionId, sequenceNumber, publishTime, values, received.Republished, null), cancellationToken)
                        .ConfigureAwait(false);
                }
                else
                {
                    onStatus(part.Status, received.Republished);
                }
            }
        }

        if (gapFirst != 0)
        {
            await EmitGapAsync(new DataGap(subscriptionId, DataGapReason.MessagesLost, gapFirst, gapLast, _lastPublishTime, session.Time.GetUtcNow().UtcDateTime),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Logs, raises <see cref="UaSession.DataGap"/>, and puts the marker in the stream at its place.</summary>
    public async Task EmitGapAsync(DataGap gap, CancellationToken cancellationToken)
    {
        session.Logger.DataGapDetected(gap.SubscriptionId, gap.Reason.ToString(), gap.FirstSequenceNumber, gap.LastSequenceNumber);
        session.RaiseDataGap(gap);
        await _channel.Writer.WriteAsync(new NotificationBatch(gap.SubscriptionId, gap.FirstSequenceNumber, gap.To, [], false, gap), cancellationToken)
            .ConfigureAwait(false);
    }
}
