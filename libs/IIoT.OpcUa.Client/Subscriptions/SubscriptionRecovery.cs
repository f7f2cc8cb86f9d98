using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>What the subscriptions need after a reconnect, before publishing resumes.</summary>
internal static class SubscriptionRecovery
{
    /// <summary>
    /// After a reconnect, before publishing resumes. Same session: Republish what was missed (UA-R01). New session:
    /// TransferSubscriptions with initial values, and what cannot be transferred is recreated (UA-R03, UA-R04).
    /// </summary>
    public static async Task RecoverAsync(UaSession session, Subscription[] subscriptions, bool sameSession, CancellationToken cancellationToken)
    {
        if (sameSession)
        {
            foreach (var subscription in subscriptions)
            {
                try
                {
                    await subscription.RepublishMissedAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (ServiceResultException e) when (e.StatusCode == StatusCodes.BadSubscriptionIdInvalid)
                {
                    // An earlier recovery was cut off before this subscription was recreated on the session.
                    await subscription.RecreateAsync(cancellationToken).ConfigureAwait(false);
                }

                await subscription.RetryInterruptedItemsAsync(cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (subscriptions.Length == 0)
        {
            return;
        }

        TransferResult[]? results = null;
        try
        {
            var ids = new uint[subscriptions.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = subscriptions[i].Id;
            }

            var response = await session.CallAsync<TransferSubscriptionsResponse>(
                new TransferSubscriptionsRequest { SubscriptionIds = ids, SendInitialValues = true }, cancellationToken).ConfigureAwait(false);
            results = response.Results;
        }
        catch (ServiceResultException e) when (!UaSession.IsConnectionFailure(e.StatusCode))
        {
            session.Logger.TransferFailed(e.StatusName);
        }

        for (var i = 0; i < subscriptions.Length; i++)
        {
            var subscription = subscriptions[i];
            if (results is not null && i < results.Length && results[i].StatusCode.IsGood)
            {
                session.Logger.SubscriptionTransferred(subscription.Id);
                await subscription.TransferredAsync(results[i].AvailableSequenceNumbers, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await subscription.RecreateAsync(cancellationToken).ConfigureAwait(false);
            }

            await subscription.RetryInterruptedItemsAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
