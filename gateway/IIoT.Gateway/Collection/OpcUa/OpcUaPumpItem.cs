using Google.Protobuf;
using IIoT.Contracts.V1;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// One monitored item as the pump needs it per value: the constant fields of its points already encoded (so a value
/// costs a few varints, not a Point, a protobuf walk and a byte[]), and the last value stored for deduplication.
/// </summary>
internal sealed class OpcUaPumpItem
{
    public OpcUaPumpItem(OpcUaItem item, AssetPath asset, string source)
        : this(item, asset, source, EncodeTail(source, item.Unit))
    {
    }

    /// <param name="tail">From <see cref="EncodeTail"/>; items with the same unit share one array.</param>
    public OpcUaPumpItem(OpcUaItem item, AssetPath asset, string source, byte[] tail)
    {
        Item = item;
        Asset = asset;
        Source = source;
        Tail = tail;
    }

    /// <summary>Point fields 11 (unit, when there is one) and 12 (source), encoded.</summary>
    public static byte[] EncodeTail(string source, string? unit)
    {
        var tail = new Point { Source = source };
        if (unit is { Length: > 0 })
        {
            tail.Unit = unit;
        }
        return tail.ToByteArray();
    }

    public OpcUaItem Item { get; }

    public AssetPath Asset { get; }

    public string Source { get; }

    /// <summary>
    /// Point fields 1 (asset) and 2 (signal), encoded on first use (by the pump, so that items subscribed in bulk cost
    /// nothing until their first value). Google.Protobuf itself encodes them, so they are byte for byte what
    /// Point.WriteTo writes: fields 1-2 come before the value, 11-12 after it.
    /// </summary>
    public byte[] Head => _head ??= new Point { Asset = Asset, Signal = Item.Signal }.ToByteArray();

    private byte[]? _head;

    /// <summary>Point fields 11 (unit) and 12 (source), encoded.</summary>
    public byte[] Tail { get; }

    /// <summary>Raw OPC UA ticks of the last stored value's source timestamp; 0 = none (never deduplicated).</summary>
    public long LastSourceTicks;

    public uint LastStatus;

    /// <summary>Which oneof case the last value had (Point.ValueOneofCase) and its bits (double bits, integer, bool).</summary>
    public byte LastKind;

    public ulong LastBits;

    /// <summary>A string value's text (the rare non-numeric case); null otherwise.</summary>
    public string? LastText;
}
