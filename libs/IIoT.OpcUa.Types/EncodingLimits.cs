namespace IIoT.OpcUa.Types;

/// <summary>
/// Decoder ceilings (RELIABILITY C1, "our proposal"). Every length read from the wire is checked against these
/// before anything is allocated. None of them may be 0 ("unlimited" is how CVE-2022-25761 happened).
/// </summary>
public sealed record EncodingLimits
{
    public static EncodingLimits Default { get; } = new();

    public int MaxStringLength { get; init; } = 65_535;

    public int MaxByteStringLength { get; init; } = 1024 * 1024;

    public int MaxArrayLength { get; init; } = 65_535;

    /// <summary>One budget shared by Variant, ExtensionObject, DataValue and DiagnosticInfo (UA-D04).</summary>
    public int MaxNestingDepth { get; init; } = 100;

    /// <summary>InnerDiagnosticInfo chain cap; 1.05 requires 4 and expects no more than 10 (UA-D05).</summary>
    public int MaxDiagnosticInfoDepth { get; init; } = 10;

    public int MaxMessageSize { get; init; } = 4 * 1024 * 1024;
}
