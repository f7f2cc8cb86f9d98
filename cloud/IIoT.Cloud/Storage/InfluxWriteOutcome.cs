namespace IIoT.Cloud.Storage;

/// <summary>Accepted, or refused by the server with its message (some lines may still have been written).</summary>
internal readonly record struct InfluxWriteOutcome(string? Refusal)
{
    public static InfluxWriteOutcome Accepted => default;

    public bool IsAccepted => Refusal is null;
}
