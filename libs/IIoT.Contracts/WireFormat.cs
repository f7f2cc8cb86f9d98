namespace IIoT.Contracts;

/// <summary>HTTP conventions of the gateway -> cloud uplink.</summary>
public static class WireFormat
{
    public const string BatchesPath = "/api/v1/batches";
    public const string ProtobufContentType = "application/x-protobuf";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>"{gatewayId}:{sequence}": the same data resent keeps the same key.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Compressed request bodies larger than this are refused with 413.</summary>
    public const int DefaultMaxCompressedBytes = 5 * 1024 * 1024;

    /// <summary>Decompressed request bodies larger than this are refused with 413 (gzip bombs included).</summary>
    public const int DefaultMaxDecompressedBytes = 25 * 1024 * 1024;

    public const int DefaultMaxPointsPerBatch = 50_000;
}
