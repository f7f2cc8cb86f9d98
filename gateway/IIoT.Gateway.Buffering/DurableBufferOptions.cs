namespace IIoT.Gateway.Buffering;

/// <summary>Settings of a <see cref="DurableBuffer"/>. A plain object: the app binds and validates configuration.</summary>
public sealed class DurableBufferOptions
{
    /// <summary>Folder that holds the segments, the acknowledgement cursor and the lock file. Created if missing.</summary>
    public string Directory { get; set; } = "";

    /// <summary>
    /// Upper bound of committed segment bytes on disk (unacknowledged records plus the acknowledged part of partly
    /// acknowledged segments). The writer's zero-filled region adds at most min(1 MiB, segment size / 8). Default 1 GiB.
    /// </summary>
    public long MaxBytes { get; set; } = 1L << 30;

    /// <summary>What happens when <see cref="MaxBytes"/> is reached. Default <see cref="OverflowPolicy.Block"/>.</summary>
    public OverflowPolicy Overflow { get; set; } = OverflowPolicy.Block;

    /// <summary>
    /// Segment size at which the writer rolls to a new file. Default 64 MiB. The effective size is
    /// min(SegmentBytes, MaxBytes / 8) so that DropOldest drops at most an eighth of the buffer at a time.
    /// </summary>
    public long SegmentBytes { get; set; } = 64L << 20;

    /// <summary>Largest payload of one record. Default 1 MiB.</summary>
    public int MaxRecordBytes { get; set; } = 1 << 20;

    /// <summary>The segment size actually used.</summary>
    public long EffectiveSegmentBytes => Math.Min(SegmentBytes, MaxBytes / 8);

    /// <summary>Every rule that the options break, all at once; empty when valid.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Directory))
        {
            errors.Add("Directory is required.");
        }
        if (MaxBytes < 64 * 1024)
        {
            errors.Add($"MaxBytes must be at least 65536 (is {MaxBytes}).");
        }
        if (!Enum.IsDefined(Overflow))
        {
            errors.Add($"Overflow '{Overflow}' is not a known policy.");
        }
        if (SegmentBytes < 4096)
        {
            errors.Add($"SegmentBytes must be at least 4096 (is {SegmentBytes}).");
        }
        if (MaxRecordBytes < 1)
        {
            errors.Add($"MaxRecordBytes must be positive (is {MaxRecordBytes}).");
        }
        else if (MaxRecordBytes > MaxBytes / 4)
        {
            // A record must fit next to a partly acknowledged segment, or Block could wait forever.
            errors.Add($"MaxRecordBytes ({MaxRecordBytes}) must be at most MaxBytes / 4 ({MaxBytes / 4}).");
        }
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every broken rule.</summary>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid durable buffer options: " + string.Join(" ", errors));
        }
    }
}
