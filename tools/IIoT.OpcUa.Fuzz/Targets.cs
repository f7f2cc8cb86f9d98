namespace IIoT.OpcUa.Fuzz;

/// <summary>Every target by name; the corpus of a target lives in Corpus/&lt;name&gt;/.</summary>
internal static class Targets
{
    /// <summary>The names, without touching any target (and so any instrumented assembly).</summary>
    public static readonly string[] Names = ["variant", "datavalue", "extobj-diag", "service", "uacp", "server"];

    public static bool Exists(string name) => Names.Contains(name);

    // Lazy, so that checking a name does not run the targets' static initialisers (instrumented code).
    private static readonly Lazy<FuzzTarget[]> Created = new(() =>
    [
        CodecTargets.Variant,
        CodecTargets.DataValue,
        CodecTargets.ExtensionObjectAndDiagnosticInfo,
        CodecTargets.Service,
        TransportTargets.Uacp,
        ServerTarget.Target,
    ]);

    public static IReadOnlyList<FuzzTarget> All => Created.Value;

    public static FuzzTarget Named(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"Unknown target '{name}'. Targets: {string.Join(", ", All.Select(t => t.Name))}");
}
