namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// What one side offers in HEL (client) or is willing to accept when answering with ACK (server).
/// Defaults follow RELIABILITY.md C1: 65535-byte chunks negotiated down to at least 8192, a 4 MiB message limit
/// that is never 0 on our side, and a chunk count derived from the two.
/// </summary>
public sealed record TransportLimits
{
    public const uint ProtocolVersion = 0; // OPC 10000-6 §7.1.2.3: the only UACP version defined

    public uint ReceiveBufferSize { get; init; } = UacpLimits.DefaultBufferSize;

    public uint SendBufferSize { get; init; } = UacpLimits.DefaultBufferSize;

    /// <summary>Largest message we accept. Must not be 0: "no limit" is how CVE-2022-25761 happened.</summary>
    public uint MaxMessageSize { get; init; } = UacpLimits.DefaultMaxMessageSize;

    /// <summary>Largest chunk count we accept; 0 = derive it as ceil(MaxMessageSize / ReceiveBufferSize) + 1.</summary>
    public uint MaxChunkCount { get; init; }

    /// <summary>Throws on a configuration we must never run with; call once at startup.</summary>
    public void Validate()
    {
        if (ReceiveBufferSize < UacpLimits.MinBufferSize || SendBufferSize < UacpLimits.MinBufferSize)
        {
            throw new ArgumentException($"Buffer sizes must be at least {UacpLimits.MinBufferSize} (OPC 10000-6 §7.1.2.3).");
        }

        if (MaxMessageSize == 0)
        {
            throw new ArgumentException("MaxMessageSize must not be 0 (unlimited) on our side.");
        }
    }

    /// <summary>The chunk count we advertise and enforce for a given receive buffer.</summary>
    public uint ChunkCountFor(uint receiveBufferSize)
    {
        if (MaxChunkCount != 0)
        {
            return MaxChunkCount;
        }

        var derived = ((ulong)MaxMessageSize + receiveBufferSize - 1) / receiveBufferSize + 1;
        return (uint)Math.Min(derived, uint.MaxValue);
    }

    /// <summary>The HEL a client sends with these limits.</summary>
    public HelloMessage CreateHello(string endpointUrl) =>
        new(ProtocolVersion, ReceiveBufferSize, SendBufferSize, MaxMessageSize, ChunkCountFor(ReceiveBufferSize), endpointUrl);
}
