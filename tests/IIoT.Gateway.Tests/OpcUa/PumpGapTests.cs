using IIoT.Contracts;
using IIoT.Gateway.Collection.OpcUa;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;
using Xunit;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>The loss-ledger text of a notification gap says what is known and nothing made up.</summary>
public sealed class PumpGapTests
{
    private static readonly DateTime From = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime To = From.AddSeconds(12);

    private static readonly OpcUaItem[] Items =
    [
        new("Nodes:0", new NodeId(1u), "m01", "counter", null),
        new("Nodes:1", new NodeId(2u), "m02", "counter", null),
    ];

    [Fact]
    public void A_recreated_subscription_has_an_unknown_count_no_made_up_sequence_range_and_the_span_between_the_stored_values()
    {
        // What the client reports after a server restart: next expected 4, last unknown (0).
        var gap = new DataGap(7, DataGapReason.SubscriptionRecreated, 4, 0, From, To);
        var before = UnixTime.ToNanoseconds(new DateTimeOffset(From.AddSeconds(-1)));
        var after = UnixTime.ToNanoseconds(new DateTimeOffset(To.AddSeconds(1)));

        var (count, first, last, detail) = OpcUaPumpGap.Describe(gap, before, after, Items);

        Assert.Equal(0ul, count);
        Assert.Contains("unknown", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("0 notification messages", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("4..0", detail, StringComparison.Ordinal);
        Assert.Contains("2 items affected (m01/counter, m02/counter)", detail, StringComparison.Ordinal);
        Assert.Equal(before, first);
        Assert.Equal(after, last);
        Assert.Contains("2026-11-26T09:59:59.000Z", detail, StringComparison.Ordinal);
        Assert.Contains("2026-11-26T10:00:13.000Z", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Lost_messages_with_both_sequence_numbers_known_are_counted()
    {
        var gap = new DataGap(7, DataGapReason.MessagesLost, 5, 7, From, To);

        var (count, first, last, detail) = OpcUaPumpGap.Describe(gap, 0, 0, Items);

        Assert.Equal(3ul, count);
        Assert.Contains("3 notification messages (sequence 5..7)", detail, StringComparison.Ordinal);
        // Nothing stored on either side: the gap's own publish times.
        Assert.Equal(UnixTime.ToNanoseconds(new DateTimeOffset(From)), first);
        Assert.Equal(UnixTime.ToNanoseconds(new DateTimeOffset(To)), last);
    }

    [Fact]
    public void Sequence_numbers_out_of_order_or_missing_are_not_reported_as_a_range()
    {
        foreach (var (firstSequence, lastSequence) in new[] { (9u, 3u), (0u, 0u), (0u, 5u) })
        {
            var (count, _, _, detail) = OpcUaPumpGap.Describe(new DataGap(1, DataGapReason.MessagesLost, firstSequence, lastSequence, From, To), 0, 0, Items);

            Assert.Equal(0ul, count);
            Assert.Contains("unknown number", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("sequence", detail, StringComparison.Ordinal);
        }
    }
}
