namespace IIoT.Simulators.Tests.Mqtt;

internal static class DeliveryAssert
{
    /// <summary>Every machine m01..mNN got exactly seq 1..ticks, once each and in order.</summary>
    public static void ExactlyOnceInOrder(IReadOnlyList<(string Topic, byte[] Payload)> received, int machines, long ticks)
    {
        Assert.Equal(machines * ticks, received.Count);
        var byMachine = received.GroupBy(m => TelemetryJson.Machine(m.Topic)).ToDictionary(g => g.Key, g => g.Select(m => TelemetryJson.Seq(m.Payload)).ToList());
        Assert.Equal(machines, byMachine.Count);
        foreach (var (machine, seqs) in byMachine)
        {
            Assert.Equal(Enumerable.Range(1, (int)ticks).Select(i => (long)i), seqs);
        }
    }

    /// <summary>Every machine's seq 1..ticks arrived at least once (duplicates allowed).</summary>
    public static void NoneMissing(IReadOnlyList<(string Topic, byte[] Payload)> received, int machines, long ticks)
    {
        var seen = received.Select(m => (TelemetryJson.Machine(m.Topic), TelemetryJson.Seq(m.Payload))).ToHashSet();
        var missing = new List<string>();
        for (var m = 1; m <= machines; m++)
        {
            for (long s = 1; s <= ticks; s++)
            {
                if (!seen.Contains(($"m{m:D2}", s)))
                {
                    missing.Add($"m{m:D2}#{s}");
                }
            }
        }
        Assert.True(missing.Count == 0, $"{missing.Count} missing, e.g. {string.Join(", ", missing.Take(10))}");
    }
}
