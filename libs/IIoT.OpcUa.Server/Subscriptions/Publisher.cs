using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Microsoft.Extensions.Logging;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// The publishing state machine of OPC 10000-4 §5.13.1.2, run on each publishing-timer tick of a subscription and on
/// each arriving Publish request: data first, otherwise a keep-alive when the keep-alive count is reached (or in the
/// first cycle), otherwise count towards the lifetime. Called under the engine's lock.
/// </summary>
internal sealed class Publisher(TimeProvider time, ILogger logger, SubscriptionMetrics metrics, DataChangeEncoder encoder, Action<Subscription> deleteSubscription)
{
    /// <summary>A publishing interval of <paramref name="subscription"/> elapsed.</summary>
    public void OnPublishingCycle(Subscription subscription)
    {
        if (subscription.Deleted) return;
        var session = subscription.Session;
        var requestAvailable = session is not null && session.Requests.Count > 0;
        if (subscription.HasDataToPublish())
        {
            if (requestAvailable) SendData(subscription, session!);
            else session?.MarkLate(subscription);
        }
        else
        {
            subscription.KeepAliveCounter++;
            if (!subscription.MessageSent || subscription.KeepAliveCounter >= subscription.MaxKeepAliveCount)
            {
                if (requestAvailable)
                {
                    SendKeepAlive(subscription, session!.TakeRequest()!);
                }
                else
                {
                    subscription.KeepAliveDue = true;
                    session?.MarkLate(subscription);
                }
            }
        }
        // §5.13.1.1: the lifetime counts publishing cycles in which no Publish request was available.
        if (requestAvailable) return;
        subscription.LifetimeCounter++;
        if (subscription.LifetimeCounter >= subscription.LifetimeCount) Expire(subscription);
    }

    /// <summary>Answers <paramref name="request"/> at once if something waits for it; false when it must be queued.</summary>
    public bool TryServe(SessionState session, PendingPublish request)
    {
        if (session.StatusMessages.TryDequeue(out var status))
        {
            metrics.StatusMessage();
            request.Complete(new PublishResponse
            {
                SubscriptionId = status.SubscriptionId,
                AvailableSequenceNumbers = [],
                NotificationMessage = status.Message,
            });
            return true;
        }
        while (session.NextLate() is { } subscription)
        {
            if (subscription.HasDataToPublish())
            {
                if (!Publish(subscription, request)) session.Unlate(subscription);
                return true;
            }
            session.Unlate(subscription);
            if (subscription.KeepAliveDue)
            {
                SendKeepAlive(subscription, request);
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The subscription lived <c>LifetimeCount</c> cycles without a Publish request: it is deleted and its session
    /// (if any) gets a StatusChangeNotification with Bad_Timeout (§5.13.1.1).
    /// </summary>
    public void Expire(Subscription subscription)
    {
        Log.SubscriptionExpired(logger, subscription.Id, subscription.LifetimeCount);
        var session = subscription.Session;
        var message = subscription.BuildStatusChange(StatusCodes.BadTimeout, Now());
        deleteSubscription(subscription);
        if (session is not null) QueueStatus(session, subscription.Id, message);
    }

    /// <summary>Delivers a status change to <paramref name="session"/>: now if a request waits, else with the next one.</summary>
    public void QueueStatus(SessionState session, uint subscriptionId, NotificationMessage message)
    {
        session.StatusMessages.Enqueue((subscriptionId, message));
        while (session.StatusMessages.Count > 0 && session.TakeRequest() is { } request) TryServe(session, request);
        FailIfNoSubscriptions(session);
    }

    /// <summary>
    /// TransferSubscriptions (§5.13.7): moves <paramref name="subscription"/> to <paramref name="target"/>; its old session,
    /// if still open, gets Good_SubscriptionTransferred. An owed message moves along.
    /// </summary>
    public void Move(Subscription subscription, SessionState target)
    {
        var source = subscription.Session;
        var wasLate = subscription.Late;
        subscription.Late = false;
        subscription.Session = target;
        target.Subscriptions.Add(subscription);
        if (source is not null)
        {
            source.Subscriptions.Remove(subscription);
            QueueStatus(source, subscription.Id, subscription.BuildStatusChange(StatusCodes.GoodSubscriptionTransferred, Now()));
        }
        if (wasLate) target.MarkLate(subscription);
    }

    /// <summary>§5.13.5: Publish requests of a session without subscriptions are answered with Bad_NoSubscription.</summary>
    public static void FailIfNoSubscriptions(SessionState session)
    {
        if (session.Subscriptions.Count > 0 || session.StatusMessages.Count > 0) return;
        while (session.TakeRequest() is { } request) request.Fail(StatusCodes.BadNoSubscription);
    }

    public UaDateTime Now() => UaDateTime.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>Sends data while Publish requests are queued and notifications remain (MoreNotifications drains at once).</summary>
    private void SendData(Subscription subscription, SessionState session)
    {
        while (session.TakeRequest() is { } request)
        {
            if (!Publish(subscription, request)) return;
        }
        session.MarkLate(subscription); // more remains but no request: the next one to arrive takes it at once
    }

    private bool Publish(Subscription subscription, PendingPublish request)
    {
        var message = subscription.BuildDataMessage(encoder, Now(), out var more, out var count);
        metrics.DataMessage(count);
        request.Complete(new PublishResponse
        {
            SubscriptionId = subscription.Id,
            AvailableSequenceNumbers = subscription.AvailableSequenceNumbers(),
            MoreNotifications = more,
            NotificationMessage = message,
        });
        Sent(subscription);
        return more;
    }

    private void SendKeepAlive(Subscription subscription, PendingPublish request)
    {
        metrics.KeepAlive();
        request.Complete(new PublishResponse
        {
            SubscriptionId = subscription.Id,
            AvailableSequenceNumbers = subscription.AvailableSequenceNumbers(),
            NotificationMessage = subscription.BuildKeepAlive(Now()),
        });
        Sent(subscription);
    }

    private static void Sent(Subscription subscription)
    {
        subscription.MessageSent = true;
        subscription.KeepAliveCounter = 0;
        subscription.KeepAliveDue = false;
        subscription.LifetimeCounter = 0;
    }
}
