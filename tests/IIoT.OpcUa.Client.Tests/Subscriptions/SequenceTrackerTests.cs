namespace IIoT.OpcUa.Client.Tests.Subscriptions;

public sealed class SequenceTrackerTests
{
    private static List<uint> DrainAll(SequenceTracker<string> tracker, List<bool>? lost = null)
    {
        var delivered = new List<uint>();
        while (tracker.TryDequeue(out var seq, out var message))
        {
            delivered.Add(seq);
            lost?.Add(message is null);
        }

        return delivered;
    }

    private static List<uint> Missing(SequenceTracker<string> tracker)
    {
        var missing = new List<uint>();
        tracker.CollectMissing(missing, 100);
        return missing;
    }

    [Fact]
    public void UA_R05_out_of_order_responses_are_delivered_in_sequence_order()
    {
        var tracker = new SequenceTracker<string>();
        Assert.True(tracker.Accept(2, "b"));
        Assert.Empty(DrainAll(tracker));
        Assert.True(tracker.HasHoles);
        Assert.Equal([1u], Missing(tracker));

        Assert.True(tracker.Accept(1, "a"));
        Assert.True(tracker.Accept(3, "c"));
        Assert.Equal([1u, 2u, 3u], DrainAll(tracker));
        Assert.False(tracker.HasHoles);
    }

    [Fact]
    public void UA_R05_duplicates_are_refused_so_they_are_neither_delivered_nor_acknowledged_twice()
    {
        var tracker = new SequenceTracker<string>();
        Assert.True(tracker.Accept(1, "a"));
        Assert.True(tracker.Accept(3, "c"));
        Assert.False(tracker.Accept(3, "c again"), "held duplicate");
        Assert.Equal([1u], DrainAll(tracker));
        Assert.False(tracker.Accept(1, "a again"), "delivered duplicate");
        Assert.True(tracker.Accept(2, "b"));
        Assert.Equal([2u, 3u], DrainAll(tracker));
        Assert.False(tracker.Accept(2, "b again"));
    }

    [Fact]
    public void UA_R06_rollover_from_uint_max_goes_to_1_without_false_or_missed_gap()
    {
        var tracker = new SequenceTracker<string>(uint.MaxValue - 2);
        Assert.True(tracker.Accept(uint.MaxValue - 1, "x"));
        Assert.True(tracker.Accept(uint.MaxValue, "y"));
        Assert.True(tracker.Accept(1, "z"));
        Assert.Equal([uint.MaxValue - 1, uint.MaxValue, 1u], DrainAll(tracker));
        Assert.False(tracker.HasHoles);
        Assert.Equal(2u, tracker.NextExpected);

        // A missing message right at the boundary is seen as missing, not as old.
        var other = new SequenceTracker<string>(uint.MaxValue - 1);
        Assert.True(other.Accept(1, "after the wrap"));
        Assert.Equal([uint.MaxValue], Missing(other));
        Assert.True(other.Accept(uint.MaxValue, "late"));
        Assert.Equal([uint.MaxValue, 1u], DrainAll(other));
    }

    [Fact]
    public void UA_R06_sequence_number_0_is_never_accepted()
    {
        var tracker = new SequenceTracker<string>(uint.MaxValue);
        Assert.False(tracker.Accept(0, "zero"));
        Assert.False(tracker.HasHoles);
    }

    [Fact]
    public void UA_R07_a_first_keep_alive_with_seq_1_is_no_gap()
    {
        var tracker = new SequenceTracker<string>();
        tracker.KeepAlive(1);
        Assert.False(tracker.HasHoles);
        Assert.True(tracker.Accept(1, "data"));
        Assert.Equal([1u], DrainAll(tracker));
        tracker.KeepAlive(2);
        Assert.False(tracker.HasHoles);
    }

    [Fact]
    public void UA_R07_a_keep_alive_after_lost_data_reveals_the_gap_up_to_its_seq_minus_1_once()
    {
        var tracker = new SequenceTracker<string>();
        Assert.True(tracker.Accept(1, "a"));
        DrainAll(tracker);
        tracker.KeepAlive(4); // 2 and 3 were sent and lost
        Assert.Equal([2u, 3u], Missing(tracker));
        tracker.KeepAlive(4); // the same keep-alive again changes nothing
        Assert.Equal([2u, 3u], Missing(tracker));
    }

    [Fact]
    public void UA_R02_messages_given_up_come_out_as_lost_markers_in_place()
    {
        var tracker = new SequenceTracker<string>();
        Assert.True(tracker.Accept(1, "a"));
        Assert.True(tracker.Accept(4, "d"));
        tracker.MarkLost(2);
        tracker.MarkLost(3);
        var lost = new List<bool>();
        Assert.Equal([1u, 2u, 3u, 4u], DrainAll(tracker, lost));
        Assert.Equal([false, true, true, false], lost);
        Assert.False(tracker.HasHoles);
    }

    [Fact]
    public void Available_sequence_numbers_after_a_transfer_open_holes_to_republish()
    {
        var tracker = new SequenceTracker<string>(10);
        tracker.Exists(12);
        Assert.Equal([11u, 12u], Missing(tracker));
    }

    [Fact]
    public void A_first_number_far_from_1_sets_the_baseline_instead_of_a_huge_gap()
    {
        var tracker = new SequenceTracker<string>();
        Assert.True(tracker.Accept(5000, "x"));
        Assert.Equal([5000u], DrainAll(tracker));
        Assert.False(tracker.HasHoles);

        // Close to 1 it is a real gap: message 1 was lost.
        var near = new SequenceTracker<string>();
        Assert.True(near.Accept(3, "c"));
        Assert.Equal([1u, 2u], Missing(near));
    }
}
