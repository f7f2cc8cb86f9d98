using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>
/// A Variable node (OPC 10000-3 §5.6). The current value is one immutable <see cref="DataValue"/> swapped
/// atomically, so <see cref="SetValue(Variant, StatusCode, UaDateTime)"/> (the simulators' hot path) and
/// readers (Read service, sampling) never lock.
/// </summary>
public sealed class VariableNode : Node
{
    private DataValue _value;

    internal VariableNode(NodeId nodeId, QualifiedName browseName, LocalizedText displayName, VariableOptions options)
        : base(nodeId, browseName, displayName)
    {
        DataType = options.DataType;
        ValueRank = options.ValueRank;
        ArrayDimensions = options.ArrayDimensions;
        AccessLevel = options.AccessLevel;
        MinimumSamplingInterval = options.MinimumSamplingInterval;
        _value = new DataValue { Value = options.InitialValue, Status = options.InitialStatus };
    }

    public override NodeClass NodeClass => NodeClass.Variable;

    public NodeId DataType { get; }

    /// <summary>-1 scalar, 0 one or more dimensions, 1.. that many dimensions, -2 any, -3 scalar or one dimension.</summary>
    public int ValueRank { get; }

    public uint[]? ArrayDimensions { get; }

    /// <summary>AccessLevelType bits (CurrentRead 1, CurrentWrite 2).</summary>
    public byte AccessLevel { get; }

    /// <summary>The fastest rate in ms at which the value changes or is worth sampling; 0 = continuously.</summary>
    public double MinimumSamplingInterval { get; }

    /// <summary>Validation and side effects of a client write; null accepts every value that passes the type checks.</summary>
    public VariableWriteHandler? WriteHandler { get; set; }

    /// <summary>Supplies the value at read time instead of the stored one (e.g. Server/ServerStatus/CurrentTime).</summary>
    internal Func<DataValue>? ValueSource { get; set; }

    /// <summary>The current value with its status and source timestamp (no server timestamp).</summary>
    public DataValue Value => ValueSource?.Invoke() ?? Volatile.Read(ref _value);

    /// <summary>Replaces the value atomically; safe from any thread, one small allocation.</summary>
    public void SetValue(Variant value, StatusCode status, UaDateTime sourceTimestamp) =>
        Volatile.Write(ref _value, new DataValue { Value = value, Status = status, SourceTimestamp = sourceTimestamp });

    /// <summary>Good value stamped now.</summary>
    public void SetValue(Variant value) => SetValue(value, StatusCode.Good, UaDateTime.FromDateTime(DateTime.UtcNow));

    internal override bool TryReadAttribute(uint attributeId, out Variant value)
    {
        switch (attributeId)
        {
            case AttributeIds.Value: value = Value.Value; return true;
            case AttributeIds.DataType: value = Variant.From(DataType); return true;
            case AttributeIds.ValueRank: value = Variant.From(ValueRank); return true;
            case AttributeIds.ArrayDimensions:
                value = ArrayDimensions is null ? Variant.Array(BuiltInType.UInt32, null) : Variant.Array(BuiltInType.UInt32, ArrayDimensions);
                return true;
            case AttributeIds.AccessLevel:
            case AttributeIds.UserAccessLevel:
                value = Variant.Scalar(BuiltInType.Byte, AccessLevel);
                return true;
            case AttributeIds.AccessLevelEx: value = Variant.From((uint)AccessLevel); return true;
            case AttributeIds.MinimumSamplingInterval: value = Variant.From(MinimumSamplingInterval); return true;
            case AttributeIds.Historizing: value = Variant.From(false); return true;
            default: return base.TryReadAttribute(attributeId, out value);
        }
    }
}
