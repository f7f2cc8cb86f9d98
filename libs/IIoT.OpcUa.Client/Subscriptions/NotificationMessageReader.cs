using System.Runtime.CompilerServices;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>
/// Decodes a NotificationMessage (OPC 10000-4 §7.25) straight from the received service body: the generic path copies
/// each NotificationData body into an ExtensionObject and then decodes that copy, which at 100,000 values a second is
/// megabytes of garbage for nothing. Same rules as that path: an ExtensionObject is checked like
/// <see cref="UaBinaryReader.ReadExtensionObject"/> does (a bad length fails the message), while a body that is not a
/// well-formed DataChangeNotification or StatusChangeNotification is skipped (like <see cref="NotificationDecoder"/>).
/// </summary>
internal static class NotificationMessageReader
{
    private const string DataField = "NotificationMessage.NotificationData";

    /// <summary>
    /// Reads the message at the reader's position. <paramref name="origin"/> is where <paramref name="reader"/> starts in
    /// <paramref name="body"/>; the reader is replaced by one further on after each body it skips (the reader cannot skip
    /// bytes without copying them), and <paramref name="origin"/> moves along with it.
    /// </summary>
    public static ReceivedMessage Read(ReadOnlySpan<byte> body, ref UaBinaryReader reader, ref int origin, out int dataCount)
    {
        reader.EnterNesting("NotificationMessage");
        var sequenceNumber = reader.ReadUInt32("NotificationMessage.SequenceNumber");
        var publishTime = reader.ReadDateTime("NotificationMessage.PublishTime");
        dataCount = Math.Max(0, reader.ReadArrayLength(DataField, 3));
        var parts = dataCount == 0 ? [] : new NotificationPart[dataCount];
        var used = 0;
        for (var i = 0; i < dataCount; i++)
        {
            if (ReadData(body, ref reader, ref origin) is { } part)
            {
                parts[used++] = part;
            }
        }

        reader.ExitNesting();
        if (used < parts.Length)
        {
            Array.Resize(ref parts, used);
        }

        return new ReceivedMessage(sequenceNumber, publishTime, parts, false);
    }

    private static NotificationPart? ReadData(ReadOnlySpan<byte> body, ref UaBinaryReader reader, ref int origin)
    {
        reader.EnterNesting(DataField);
        var typeId = reader.ReadNodeId(DataField);
        var encoding = reader.ReadByte(DataField);
        NotificationPart? part = null;
        switch (encoding)
        {
            case (byte)ExtensionObjectEncoding.None:
                break;
            case (byte)ExtensionObjectEncoding.Binary:
            case (byte)ExtensionObjectEncoding.Xml:
                var length = reader.ReadInt32(DataField);
                var limit = encoding == 1 ? reader.Limits.MaxByteStringLength : reader.Limits.MaxStringLength;
                if (length < 0) throw new UaDecodingException(StatusCodes.BadDecodingError, $"{DataField}.Body: length {length} with encoding {encoding}");
                if (length > limit) throw new UaDecodingException(StatusCodes.BadEncodingLimitsExceeded, $"{DataField}.Body: length {length} exceeds the limit {limit}");
                if (length > reader.Remaining) throw new UaDecodingException(StatusCodes.BadDecodingError, $"{DataField}.Body: length {length} but only {reader.Remaining} bytes left");
                var start = origin + reader.Position;
                if (encoding == 1 && typeId.NamespaceIndex == 0 && typeId.IdType == NodeIdType.Numeric)
                {
                    part = TryDecodeBody(typeId.NumericId, body.Slice(start, length), reader.Limits, reader.Depth);
                }

                origin = start + length;
                reader = new UaBinaryReader(body[origin..], reader.Limits, reader.Depth);
                break;
            default:
                throw new UaDecodingException(StatusCodes.BadDecodingError, $"{DataField}: unknown encoding byte 0x{encoding:X2}");
        }

        reader.ExitNesting();
        return part;
    }

    private static NotificationPart? TryDecodeBody(uint encodingId, ReadOnlySpan<byte> content, EncodingLimits limits, int depth)
    {
        try
        {
            var reader = new UaBinaryReader(content, limits, depth);
            NotificationPart part;
            if (encodingId == DataChangeNotification.BinaryEncodingId)
            {
                part = new NotificationPart(ReadDataChange(ref reader), default);
            }
            else if (encodingId == StatusChangeNotification.BinaryEncodingId)
            {
                part = new NotificationPart(null, StatusChangeNotification.Decode(ref reader).Status);
            }
            else
            {
                return null;
            }

            return reader.Remaining == 0 ? part : null;
        }
        catch (UaDecodingException)
        {
            return null;
        }
    }

    /// <summary>The fields of DataChangeNotification, as its generated decoder reads them but without building one.</summary>
    private static MonitoredItemNotification[] ReadDataChange(ref UaBinaryReader reader)
    {
        reader.EnterNesting("DataChangeNotification");
        var count = reader.ReadArrayLength("DataChangeNotification.MonitoredItems", 5);
        var values = count <= 0 ? [] : new MonitoredItemNotification[count];
        for (var i = 0; i < values.Length; i++)
        {
            reader.EnterNesting("MonitoredItemNotification");
            var handle = reader.ReadUInt32("MonitoredItemNotification.ClientHandle");
            var value = reader.ReadDataValue("MonitoredItemNotification.Value");
            reader.ExitNesting();
            values[i] = NewNotification(handle, value);
        }

        var diagnostics = reader.ReadArrayLength("DataChangeNotification.DiagnosticInfos", 1);
        for (var i = 0; i < diagnostics; i++)
        {
            reader.ReadDiagnosticInfo("DataChangeNotification.DiagnosticInfos");
        }

        reader.ExitNesting();
        return values;
    }

    /// <summary>
    /// The generated constructor allocates a default DataValue that the decoded one replaces at once: one object per
    /// value thrown away. Both fields are set here, so skipping the constructor leaves nothing uninitialised.
    /// </summary>
    private static MonitoredItemNotification NewNotification(uint handle, DataValue value)
    {
        var notification = (MonitoredItemNotification)RuntimeHelpers.GetUninitializedObject(typeof(MonitoredItemNotification));
        notification.ClientHandle = handle;
        notification.Value = value;
        return notification;
    }
}
