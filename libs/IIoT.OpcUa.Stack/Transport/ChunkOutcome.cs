namespace IIoT.OpcUa.Stack.Transport;

public enum ChunkOutcomeKind
{
    /// <summary>An intermediate chunk was stored; more are expected.</summary>
    Incomplete,

    /// <summary>A final chunk completed the message in <see cref="ChunkOutcome.Message"/>.</summary>
    Complete,

    /// <summary>The sender aborted the message; partial state is gone, the channel stays open (OPC 10000-6 §6.7.3).</summary>
    Aborted,

    /// <summary>A limit or framing rule was broken; partial state is gone and the connection must be closed.</summary>
    Failed,
}

/// <summary>
/// Result of <see cref="ChunkAssembler.Add"/>. <see cref="StatusCode"/> is the abort's Error or our failure code;
/// the caller owns <see cref="Message"/> and disposes it.
/// </summary>
public readonly record struct ChunkOutcome(ChunkOutcomeKind Kind, AssembledMessage? Message, uint StatusCode, string? Reason)
{
    internal static ChunkOutcome Incomplete => new(ChunkOutcomeKind.Incomplete, null, 0, null);

    internal static ChunkOutcome Fail(uint status, string reason) => new(ChunkOutcomeKind.Failed, null, status, reason);
}
