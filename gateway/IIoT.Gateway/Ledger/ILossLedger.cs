namespace IIoT.Gateway.Ledger;

/// <summary>
/// Records what the gateway knowingly did not deliver, so that it reaches the cloud as loss points
/// ("iiot_loss") and an engineer can see what is missing and when. Never blocks the caller.
/// </summary>
public interface ILossLedger
{
    /// <param name="source">The intake, e.g. "mqtt:line1", or "uplink".</param>
    /// <param name="reason">overflow, dead_letter, rejected, unmapped or malformed.</param>
    void Record(string source, string reason, ulong count, long firstTimeNs, long lastTimeNs, string detail);
}
