using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Microsoft.Extensions.Logging;

namespace IIoT.OpcUa.Client;

/// <summary>
/// Acknowledgements due to the server (OPC 10000-4 §5.13.5): each sequence number is queued once when its message is
/// first accepted, handed to exactly one Publish request, and put back if that request failed without an answer
/// (UA-R05, Milo #1823).
/// </summary>
internal sealed class AcknowledgementQueue(ILogger logger)
{
    private readonly List<SubscriptionAcknowledgement> _due = [];

    public void Add(uint subscriptionId, uint sequenceNumber)
    {
        lock (_due)
        {
            _due.Add(new SubscriptionAcknowledgement { SubscriptionId = subscriptionId, SequenceNumber = sequenceNumber });
        }
    }

    /// <summary>Everything due, for the next Publish request.</summary>
    public SubscriptionAcknowledgement[] TakeAll()
    {
        lock (_due)
        {
            if (_due.Count == 0)
            {
                return [];
            }

            SubscriptionAcknowledgement[] all = [.. _due];
            _due.Clear();
            return all;
        }
    }

    /// <summary>Puts back what a failed request carried, for subscriptions that still exist.</summary>
    public void Restore(SubscriptionAcknowledgement[] acks, Func<uint, bool> stillExists)
    {
        if (acks.Length == 0)
        {
            return;
        }

        lock (_due)
        {
            foreach (var ack in acks)
            {
                if (stillExists(ack.SubscriptionId))
                {
                    _due.Add(ack);
                }
            }
        }
    }

    public void Drop(uint subscriptionId)
    {
        lock (_due)
        {
            _due.RemoveAll(a => a.SubscriptionId == subscriptionId);
        }
    }

    public void Clear()
    {
        lock (_due)
        {
            _due.Clear();
        }
    }

    /// <summary>Refused acknowledgements (BadSequenceNumberUnknown after a transfer, say) are only worth a debug line.</summary>
    public void LogRefused(SubscriptionAcknowledgement[] acks, StatusCode[]? results)
    {
        if (results is null)
        {
            return;
        }

        for (var i = 0; i < results.Length && i < acks.Length; i++)
        {
            if (results[i].IsBad)
            {
                logger.AcknowledgementRefused(acks[i].SubscriptionId, acks[i].SequenceNumber, results[i].Name);
            }
        }
    }
}
