using System.Buffers;
using System.Buffers.Binary;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// Encodes a DataChangeNotification body (OPC 10000-6 §5.2.6: Int32 count, MonitoredItemNotifications, then the
/// DiagnosticInfos array) straight from the queued values, so publishing allocates no DataValue or
/// MonitoredItemNotification per value. One instance per engine, reused under the engine's lock; the count is
/// patched in at the end because the byte budget decides how many values fit.
/// </summary>
internal sealed class DataChangeEncoder : IBufferWriter<byte>
{
    private const int CountOffset = 0;
    private readonly UaBinaryWriter _writer;
    private readonly int _byteBudget;
    private byte[] _buffer = new byte[64 * 1024];
    private int _position;

    public DataChangeEncoder(int byteBudget)
    {
        _byteBudget = byteBudget;
        _writer = new UaBinaryWriter(this);
    }

    public int Count { get; private set; }

    /// <summary>The soft byte budget is used up: the value that crossed it is the last in the message.</summary>
    public bool Full => _position >= _byteBudget;

    public void Begin()
    {
        _position = 0;
        Count = 0;
        _writer.WriteInt32(0); // patched by Finish
    }

    /// <summary>Writes one MonitoredItemNotification with the timestamps the item asked for and the overflow info bits (§7.39).</summary>
    public void Add(MonitoredItem item, in QueuedValue queued)
    {
        var value = queued.Value;
        var status = queued.Overflow ? value.Status.Code | MonitoredItem.OverflowInfoBits : value.Status.Code;
        var withSource = item.Timestamps is TimestampsToReturn.Source or TimestampsToReturn.Both;
        var withServer = item.Timestamps is TimestampsToReturn.Server or TimestampsToReturn.Both;
        byte mask = 0;
        if (!value.Value.IsNull) mask |= 0x01;
        if (status != 0) mask |= 0x02;
        if (withSource && value.SourceTimestamp.Ticks != 0) mask |= 0x04;
        if (withServer && queued.ServerTicks != 0) mask |= 0x08;
        if (withSource && value.SourcePicoseconds != 0) mask |= 0x10;
        _writer.WriteUInt32(item.ClientHandle);
        _writer.WriteByte(mask);
        // OPC 10000-6 §5.2.2.17: each picoseconds field follows its own timestamp.
        if ((mask & 0x01) != 0) _writer.WriteVariant(value.Value);
        if ((mask & 0x02) != 0) _writer.WriteUInt32(status);
        if ((mask & 0x04) != 0) _writer.WriteInt64(value.SourceTimestamp.Ticks);
        if ((mask & 0x10) != 0) _writer.WriteUInt16(value.SourcePicoseconds);
        if ((mask & 0x08) != 0) _writer.WriteInt64(queued.ServerTicks);
        Count++;
    }

    /// <summary>The finished notification, wrapped with the DataChangeNotification encoding id.</summary>
    public ExtensionObject Finish()
    {
        _writer.WriteInt32(-1); // DiagnosticInfos: null
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(CountOffset), Count);
        var body = new ExtensionObject(new NodeId(DataChangeNotification.BinaryEncodingId), ExtensionObjectEncoding.Binary, _buffer.AsSpan(0, _position));
        if (_buffer.Length > 4 * 1024 * 1024) _buffer = new byte[64 * 1024]; // do not keep a burst's buffer forever
        return body;
    }

    public void Advance(int count) => _position += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_position);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_position);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _position + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
    }
}
