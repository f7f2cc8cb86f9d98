using IIoT.Gateway.Ledger;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

/// <summary>An in-memory <see cref="ILossLedger"/>.</summary>
internal sealed class RecordingLedger : ILossLedger
{
    private readonly List<(string Source, string Reason, ulong Count, string Detail)> _entries = [];

    public List<(string Source, string Reason, ulong Count, string Detail)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public void Record(string source, string reason, ulong count, long firstTimeNs, long lastTimeNs, string detail)
    {
        lock (_entries)
        {
            _entries.Add((source, reason, count, detail));
        }
    }
}
