namespace IIoT.OpcUa.Generator.Bsd;

/// <summary>An opc:StructuredType. The BSD repeats inherited fields in each subtype, so <see cref="Fields"/> is complete.</summary>
internal sealed record BsdStruct(string Name, string? BaseType, string? Documentation, IReadOnlyList<BsdField> Fields);
