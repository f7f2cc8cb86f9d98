namespace IIoT.OpcUa.Fuzz;

/// <summary>Every target by name; the corpus of a target lives in Corpus/&lt;name&gt;/.</summary>
internal static class Targets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        CodecTargets.Variant,
        CodecTargets.DataValue,
        CodecTargets.ExtensionObjectAndDiagnosticInfo,
        CodecTargets.Service,
        TransportTargets.Uacp,
        ServerTarget.Target,
    ];

    public static FuzzTarget Named(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"Unknown target '{name}'. Targets: {string.Join(", ", All.Select(t => t.Name))}");
}
