using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace IIoT.OpcUa.Types;

/// <summary>
/// UA Binary encoder (OPC 10000-6 §5.2) writing straight into an <see cref="IBufferWriter{T}"/>, so a chunking
/// writer underneath can roll over to the next chunk. NodeIds use the shortest form, as other stacks do.
/// </summary>
public sealed partial class UaBinaryWriter(IBufferWriter<byte> output)
{
    private readonly IBufferWriter<byte> _output = output ?? throw new ArgumentNullException(nameof(output));

    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteSByte(sbyte value) => WriteByte((byte)value);

    public void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    public void WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16LittleEndian(_output.GetSpan(2), value);
        _output.Advance(2);
    }

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_output.GetSpan(2), value);
        _output.Advance(2);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_output.GetSpan(4), value);
        _output.Advance(4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    // OPC 10000-6 §5.2.2.3: NaN goes out as a quiet NaN; float.NaN/double.NaN already are, any payload is normalised.
    public void WriteFloat(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_output.GetSpan(4), float.IsNaN(value) ? float.NaN : value);
        _output.Advance(4);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_output.GetSpan(8), double.IsNaN(value) ? double.NaN : value);
        _output.Advance(8);
    }

    public void WriteDateTime(UaDateTime value) => WriteInt64(value.Ticks);

    public void WriteGuid(Guid value)
    {
        // Guid.TryWriteBytes uses the little-endian field layout, which is the OPC UA layout.
        value.TryWriteBytes(_output.GetSpan(16));
        _output.Advance(16);
    }

    public void WriteStatusCode(StatusCode value) => WriteUInt32(value.Code);

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }
        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(length);
        if (length == 0) return;
        Encoding.UTF8.GetBytes(value, _output.GetSpan(length));
        _output.Advance(length);
    }

    public void WriteByteString(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        WriteRaw(value);
    }

    public void WriteByteString(byte[]? value)
    {
        if (value is null) WriteInt32(-1);
        else WriteByteString(value.AsSpan());
    }

    public void WriteXmlElement(XmlElement value) => WriteString(value.Value);

    /// <summary>Writes bytes as they are, without a length.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        bytes.CopyTo(_output.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }

    /// <summary>Writes the Int32 count (-1 for null) and then each element.</summary>
    public void WriteArray<T>(IReadOnlyList<T>? values, Action<UaBinaryWriter, T> writeElement)
    {
        if (values is null)
        {
            WriteInt32(-1);
            return;
        }
        WriteInt32(values.Count);
        foreach (var value in values) writeElement(this, value);
    }
}
