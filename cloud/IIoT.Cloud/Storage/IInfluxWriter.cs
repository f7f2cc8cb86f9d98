namespace IIoT.Cloud.Storage;

/// <summary>Writes line protocol to one InfluxDB-compatible server.</summary>
internal interface IInfluxWriter
{
    /// <summary>
    /// Writes <paramref name="lines"/> into <paramref name="target"/> (database or bucket). Returns accepted, or
    /// refused when the server rejected some or all lines as bad input (400/422, a partial write included).
    /// Throws <see cref="InfluxUnavailableException"/> when the server cannot be reached, times out, fails
    /// (5xx) or refuses our credentials: none of which is the gateway's fault.
    /// </summary>
    Task<InfluxWriteOutcome> WriteAsync(string target, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken);

    /// <summary>Makes sure <paramref name="target"/> exists where the server and the options allow it (1.x CREATE DATABASE).</summary>
    Task PrepareAsync(string target, CancellationToken cancellationToken);

    Task<bool> PingAsync(CancellationToken cancellationToken);
}
