namespace IIoT.Gateway.Buffering;

/// <summary>Records that the <see cref="OverflowPolicy.DropOldest"/> policy deleted before they were acknowledged.</summary>
/// <param name="Count">How many unacknowledged records were dropped (index arithmetic; gaps left by corruption count too).</param>
/// <param name="FirstIndex">Index of the first dropped record.</param>
/// <param name="LastIndex">Index of the last dropped record.</param>
/// <param name="FirstAppendedAt">Append time of the oldest dropped record (the segment's first record when it was untouched).</param>
/// <param name="LastAppendedAt">Append time of the newest dropped record.</param>
public readonly record struct DroppedRange(
    ulong Count, ulong FirstIndex, ulong LastIndex, DateTimeOffset FirstAppendedAt, DateTimeOffset LastAppendedAt);
