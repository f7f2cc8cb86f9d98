namespace IIoT.Gateway.Buffering;

/// <summary>One caller's batch waiting for the writer loop; completed after the fsync that covers its last record.</summary>
internal sealed class AppendRequest
{
    public AppendRequest(IReadOnlyList<ReadOnlyMemory<byte>> records, int encodedBytes, CancellationToken cancellationToken)
    {
        Records = records;
        EncodedBytes = encodedBytes;
        CancellationToken = cancellationToken;
    }

    public IReadOnlyList<ReadOnlyMemory<byte>> Records { get; }

    public int EncodedBytes { get; }

    public CancellationToken CancellationToken { get; }

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
