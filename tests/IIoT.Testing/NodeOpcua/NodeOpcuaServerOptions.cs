namespace IIoT.Testing;

/// <summary>
/// What <see cref="NodeOpcuaServer.StartAsync(NodeOpcuaServerOptions)"/> passes to server.js: a fixed port (to restart
/// a server where a client expects it), a PKI folder to reuse (a restart skips creating the certificate again), and
/// the optional test nodes in namespace "urn:iiot:test".
/// </summary>
public sealed class NodeOpcuaServerOptions
{
    /// <summary>Port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Folder for node-opcua's PKI and HOME, kept across restarts; null = a temp folder owned by the server.</summary>
    public string? Folder { get; init; }

    /// <summary>N Double variables "s=Bulk.{i}" (folder Objects/Bulk) whose values change every <see cref="RateMs"/>.</summary>
    public int Variables { get; init; }

    public int RateMs { get; init; } = 1000;

    /// <summary>UInt32 "s=Counter" incremented by 1 every so many ms (null = no counter).</summary>
    public int? CounterMs { get; init; }

    /// <summary>String array "s=LargeArray" of 20,000 elements whose Read reply is larger than 1 MB.</summary>
    public bool LargeArray { get; init; }

    /// <summary>Writable Double "s=Writable".</summary>
    public bool Writable { get; init; }

    /// <summary>User name accepted next to anonymous (with <see cref="Password"/>; sent unencrypted on the None channel).</summary>
    public string? UserName { get; init; }

    public string? Password { get; init; }

    /// <summary>Prints "SESSION_CLOSED ..." to <see cref="NodeOpcuaServer.Output"/> whenever a session ends (timeouts included).</summary>
    public bool LogSessions { get; init; }

    public int? MaxNodesPerRead { get; init; }

    public int? MaxNodesPerBrowse { get; init; }

    public int? MaxNodesPerWrite { get; init; }

    public int? MaxMonitoredItemsPerCall { get; init; }

    internal IEnumerable<string> Arguments()
    {
        if (Variables > 0)
        {
            yield return "--variables";
            yield return Variables.ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return "--rate-ms";
            yield return RateMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (CounterMs is { } counter)
        {
            yield return "--counter-ms";
            yield return counter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (LargeArray)
        {
            yield return "--large-array";
        }
        if (Writable)
        {
            yield return "--writable";
        }
        if (LogSessions)
        {
            yield return "--log-sessions";
        }
        if (UserName is not null)
        {
            yield return "--user";
            yield return UserName;
            yield return "--password";
            yield return Password ?? "";
        }
        foreach (var (name, value) in new[]
        {
            ("--max-nodes-per-read", MaxNodesPerRead),
            ("--max-nodes-per-browse", MaxNodesPerBrowse),
            ("--max-nodes-per-write", MaxNodesPerWrite),
            ("--max-monitored-items-per-call", MaxMonitoredItemsPerCall),
        })
        {
            if (value is { } limit)
            {
                yield return name;
                yield return limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
