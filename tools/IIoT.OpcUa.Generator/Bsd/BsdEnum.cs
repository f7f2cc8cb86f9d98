namespace IIoT.OpcUa.Generator.Bsd;

/// <summary>An opc:EnumeratedType; option sets are bit masks whose wire size is <see cref="LengthInBits"/>.</summary>
internal sealed record BsdEnum(string Name, int LengthInBits, bool IsOptionSet, string? Documentation,
    IReadOnlyList<(string Name, long Value)> Values);
