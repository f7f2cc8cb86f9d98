namespace IIoT.OpcUa.Types;

/// <summary>
/// Diagnostics for one operation (OPC 10000-6 §5.2.2.12). The Int32 fields are indices into the response's
/// StringTable; null means the field is absent on the wire. <see cref="InnerDiagnosticInfo"/> nests recursively.
/// </summary>
public sealed record DiagnosticInfo
{
    public int? SymbolicId { get; init; }

    public int? NamespaceUri { get; init; }

    public int? Locale { get; init; }

    public int? LocalizedText { get; init; }

    public string? AdditionalInfo { get; init; }

    public StatusCode? InnerStatusCode { get; init; }

    public DiagnosticInfo? InnerDiagnosticInfo { get; init; }
}
