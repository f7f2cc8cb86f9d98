namespace IIoT.OpcUa.Types;

/// <summary>Text with an optional locale; either part may be absent on the wire (OPC 10000-6 §5.2.2.14).</summary>
public sealed record LocalizedText(string? Locale, string? Text)
{
    public static LocalizedText Null { get; } = new(null, null);

    public override string ToString() => Text ?? "";
}
