namespace IIoT.Gateway.Buffering;

/// <summary>One committed record as the reader sees it.</summary>
/// <param name="Index">Global index, monotonically increasing and never reused.</param>
/// <param name="AppendedAt">When the buffer appended it (the buffer's clock, millisecond precision).</param>
/// <param name="Payload">The opaque bytes given to <see cref="IRecordSink.AppendAsync"/>; owned by the caller.</param>
public readonly record struct BufferRecord(ulong Index, DateTimeOffset AppendedAt, ReadOnlyMemory<byte> Payload);
