namespace IIoT.Simulators.Hosting;

/// <summary>The "Simulator:OpcUa" section: serve the line over OPC UA (instead of publishing over MQTT).</summary>
internal sealed class OpcUaSimulatorOptions
{
    public bool Enabled { get; set; }

    /// <summary>Port of the line's endpoint; with <see cref="EndpointPerMachine"/> machine i listens on Port + i. 0 = any free port (tests).</summary>
    public int Port { get; set; } = 4840;

    /// <summary>Host name announced in the endpoint URL; the machine's host name when empty.</summary>
    public string? HostName { get; set; }

    /// <summary>Listen on this address only (e.g. 127.0.0.1); all addresses when empty.</summary>
    public string? BindAddress { get; set; }

    /// <summary>One server per machine (a controller each) rather than one for the line.</summary>
    public bool EndpointPerMachine { get; set; }

    /// <summary>User name -> password for UserName login (plain text, SecurityPolicy None); anonymous stays allowed unless AllowAnonymous=false.</summary>
    public Dictionary<string, string> Users { get; set; } = new(StringComparer.Ordinal);

    public bool AllowAnonymous { get; set; } = true;

    /// <summary>Generic changing Double tags added to every machine (load tests: machines x tags >= 100,000).</summary>
    public int ExtraTagsPerMachine { get; set; }

    /// <summary>
    /// Control channel: a text file the simulator follows (like tail -f); each appended line is a fault command
    /// (see FaultCommandParser). Empty = none.
    /// </summary>
    public string? ControlFile { get; set; }

    /// <summary>Also read fault commands from standard input.</summary>
    public bool ControlStdin { get; set; }

    /// <summary>Fault commands to run at start, separated by ';', each "at &lt;seconds&gt; &lt;command&gt;" or a plain command.</summary>
    public string? Faults { get; set; }
}
