using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>How <see cref="AddressSpace.AddVariable"/> shapes a variable. Defaults: a readable scalar Double.</summary>
public sealed class VariableOptions
{
    /// <summary>A DataType node id, e.g. <c>new NodeId(DataTypeIds.Double)</c>.</summary>
    public NodeId DataType { get; init; } = new(DataTypeIds.Double);

    public int ValueRank { get; init; } = ValueRanks.Scalar;

    public uint[]? ArrayDimensions { get; init; }

    public byte AccessLevel { get; init; } = (byte)AccessLevelType.CurrentRead;

    public double MinimumSamplingInterval { get; init; }

    public Variant InitialValue { get; init; }

    /// <summary>Status until the first SetValue; UncertainInitialValue would suit a value not yet from its source.</summary>
    public StatusCode InitialStatus { get; init; } = StatusCode.Good;

    /// <summary>HasTypeDefinition target; BaseDataVariableType when null (PropertyType for AddProperty).</summary>
    public NodeId? TypeDefinition { get; init; }

    public LocalizedText? Description { get; init; }

    /// <summary>Readable and writable (CurrentRead | CurrentWrite).</summary>
    public static byte ReadWrite => (byte)(AccessLevelType.CurrentRead | AccessLevelType.CurrentWrite);
}
