namespace IIoT.OpcUa.Generator;

/// <summary>A row of an id file: a symbolic name, its numeric id, and (NodeIds.csv only) its node class.</summary>
internal sealed record IdRow(string Name, uint Id, string NodeClass);
