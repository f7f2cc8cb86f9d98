namespace IIoT.OpcUa.Generator.Bsd;

/// <summary>The enumerated and structured types of one OPC Binary type dictionary, in file order.</summary>
internal sealed record BsdDictionary(IReadOnlyList<BsdEnum> Enums, IReadOnlyList<BsdStruct> Structs);
