namespace IIoT.Gateway.Buffering;

/// <summary>What the buffer does when unacknowledged data reaches <see cref="DurableBufferOptions.MaxBytes"/>.</summary>
public enum OverflowPolicy
{
    /// <summary>Appends wait until acknowledgements free space: backpressure that reaches the source. Nothing is lost.</summary>
    Block = 0,

    /// <summary>
    /// The oldest whole segments are deleted to make room; every dropped record is counted, logged and
    /// reported through <see cref="DurableBuffer.Dropped"/> so that the gateway records the loss.
    /// </summary>
    DropOldest = 1,
}
