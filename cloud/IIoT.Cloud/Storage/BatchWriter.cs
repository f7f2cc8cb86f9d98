namespace IIoT.Cloud.Storage;

/// <summary>
/// Writes a batch's lines in chunks and, when InfluxDB refuses a chunk, bisects it to find exactly which
/// lines it refuses (RELIABILITY.md API-08, lesson 5). Writing a half again is harmless: InfluxDB
/// overwrites the same series and timestamp with identical values.
/// </summary>
internal sealed class BatchWriter(IInfluxWriter writer)
{
    /// <summary>InfluxDB ingests a large batch faster from two writers of ~5,000 lines each.</summary>
    internal const int ChunkLines = 5_000;
    private const int ParallelChunks = 2;

    /// <summary>Returns the refused lines (index into <paramref name="lines"/>) with InfluxDB's reason.</summary>
    public async Task<IReadOnlyList<(int Line, string Reason)>> WriteAsync(
        string target, LineProtocolBuffer lines, CancellationToken cancellationToken)
    {
        var refused = new List<(int Line, string Reason)>();
        if (lines.LineCount <= ChunkLines)
        {
            if (lines.LineCount > 0)
            {
                await WriteRangeAsync(target, lines, 0, lines.LineCount, refused, cancellationToken).ConfigureAwait(false);
            }
            return refused;
        }
        var chunks = (lines.LineCount + ChunkLines - 1) / ChunkLines;
        var perChunk = new List<(int, string)>[chunks];
        await Parallel.ForAsync(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = ParallelChunks, CancellationToken = cancellationToken },
            async (chunk, ct) =>
            {
                var first = chunk * ChunkLines;
                var list = perChunk[chunk] = [];
                await WriteRangeAsync(target, lines, first, Math.Min(ChunkLines, lines.LineCount - first), list, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        foreach (var list in perChunk)
        {
            refused.AddRange(list);
        }
        return refused;
    }

    private async Task WriteRangeAsync(string target, LineProtocolBuffer lines, int first, int count,
        List<(int, string)> refused, CancellationToken cancellationToken)
    {
        var outcome = await writer.WriteAsync(target, lines.Lines(first, count), cancellationToken).ConfigureAwait(false);
        if (outcome.IsAccepted)
        {
            return;
        }
        if (count == 1)
        {
            refused.Add((first, outcome.Refusal!));
            return;
        }
        var half = count / 2;
        await WriteRangeAsync(target, lines, first, half, refused, cancellationToken).ConfigureAwait(false);
        await WriteRangeAsync(target, lines, first + half, count - half, refused, cancellationToken).ConfigureAwait(false);
    }
}
