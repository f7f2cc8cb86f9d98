namespace IIoT.OpcUa.Generator.Bsd;

/// <summary>
/// How one BSD built-in type name appears in C#: the property type, its initializer (null when the default is
/// right), the reader/writer method suffix and the smallest encoding in bytes (for array length checks).
/// </summary>
internal sealed record BuiltInField(string CSharpType, string? Initializer, string Method, int MinSize);
