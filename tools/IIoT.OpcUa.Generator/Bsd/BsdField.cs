namespace IIoT.OpcUa.Generator.Bsd;

/// <summary>One opc:Field of a structured type. <see cref="IsArray"/> when the field is counted by a preceding "NoOfX" field.</summary>
internal sealed record BsdField(string Name, string TypeName, string? LengthField, string? SwitchField, bool IsArray);
