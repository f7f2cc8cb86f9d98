namespace IIoT.OpcUa.Stack.Transport;

/// <summary>Fixed sizes and hard limits of the UA Connection Protocol.</summary>
public static class UacpLimits
{
    /// <summary>MessageType(3) + ChunkType(1) + MessageSize(4). OPC 10000-6 §7.1.2.2.</summary>
    public const int HeaderLength = 8;

    /// <summary>UACP header + SecureChannelId(4). OPC 10000-6 §6.7.2.2.</summary>
    public const int SecureChannelHeaderLength = 12;

    /// <summary>Smallest Send/ReceiveBufferSize for non-ECC policies. OPC 10000-6 §7.1.2.3.</summary>
    public const uint MinBufferSize = 8192;

    /// <summary>Our default chunk size, negotiated down (RELIABILITY.md C1).</summary>
    public const uint DefaultBufferSize = 65535;

    /// <summary>Our default MaxMessageSize: 4 MiB, never 0 on our side (RELIABILITY.md C1, CVE-2022-25761).</summary>
    public const uint DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>
    /// Longest EndpointUrl / ServerUri / ERR reason in UTF-8 bytes. The spec gives no number;
    /// 4096 is UA-.NETStandard's value and our proposal (RELIABILITY.md C1, OPC 10000-6 §7.1.2.3).
    /// </summary>
    public const int MaxUrlLength = 4096;

    /// <summary>Longest ERR / abort reason in UTF-8 bytes (RELIABILITY.md C1).</summary>
    public const int MaxReasonLength = 4096;

    /// <summary>Fixed part of HEL after the header: five UInt32. OPC 10000-6 §7.1.2.3.</summary>
    internal const int HelloFixedLength = 20;

    /// <summary>ACK body: five UInt32, whole frame 28 bytes. OPC 10000-6 §7.1.2.4.</summary>
    internal const int AcknowledgeBodyLength = 20;

    /// <summary>Smallest frame per type: header + fixed fields + 4-byte length of each String.</summary>
    internal const int MinHelloLength = HeaderLength + HelloFixedLength + 4;
    internal const int MinErrorLength = HeaderLength + 4 + 4;
    internal const int MinReverseHelloLength = HeaderLength + 4 + 4;

    /// <summary>Largest frame per type, so an oversize UACP frame is refused from its header alone.</summary>
    internal const int MaxHelloLength = MinHelloLength + MaxUrlLength;
    internal const int MaxErrorLength = MinErrorLength + MaxReasonLength;
    internal const int MaxReverseHelloLength = MinReverseHelloLength + 2 * MaxUrlLength;
}
