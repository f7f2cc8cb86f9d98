using System.Buffers;
using BenchmarkDotNet.Attributes;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.Bench;

/// <summary>
/// UA Binary encode/decode of the values a subscription moves (`bench micro --filter '*OpcUa*'`): Variants, a DataValue,
/// and a PublishResponse whose DataChangeNotification holds 1,000 MonitoredItemNotifications. Encoding reuses one
/// buffer and writer, as a channel's send path would; decoding of the PublishResponse includes unwrapping the
/// notification body, as a client must.
/// </summary>
[MemoryDiagnoser]
public class OpcUaCodecBenchmarks
{
    private const int Notifications = 1_000;

    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private UaBinaryWriter _writer = null!;
    private Variant _double;
    private Variant _string;
    private Variant _doubles;
    private DataValue _dataValue = new();
    private DataChangeNotification _notification = new();
    private PublishResponse _publish = new();
    private byte[] _doubleBytes = [];
    private byte[] _stringBytes = [];
    private byte[] _doublesBytes = [];
    private byte[] _dataValueBytes = [];
    private byte[] _publishBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _writer = new UaBinaryWriter(_buffer);
        var now = UaDateTime.FromDateTime(new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc));
        _double = Variant.From(61.25);
        _string = Variant.From("Line1.Machine1.State=Running");
        _doubles = Variant.Array(BuiltInType.Double, Enumerable.Range(0, 1000).Select(i => i * 0.25).ToArray());
        _dataValue = new DataValue { Value = _double, SourceTimestamp = now, ServerTimestamp = now };
        _notification = new DataChangeNotification
        {
            MonitoredItems = [.. Enumerable.Range(0, Notifications).Select(i => new MonitoredItemNotification
            {
                ClientHandle = (uint)i,
                Value = new DataValue { Value = Variant.From(20.0 + (i * 0.01)), SourceTimestamp = new UaDateTime(now.Ticks + i), ServerTimestamp = now },
            })],
        };
        _publish = Publish(_notification, now);

        _doubleBytes = Encode(w => w.WriteVariant(_double));
        _stringBytes = Encode(w => w.WriteVariant(_string));
        _doublesBytes = Encode(w => w.WriteVariant(_doubles));
        _dataValueBytes = Encode(w => w.WriteDataValue(_dataValue));
        _publishBytes = Encode(_publish.Encode);
    }

    [Benchmark]
    public int EncodeVariantDouble()
    {
        _buffer.ResetWrittenCount();
        _writer.WriteVariant(_double);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public Variant DecodeVariantDouble()
    {
        var reader = new UaBinaryReader(_doubleBytes);
        return reader.ReadVariant();
    }

    [Benchmark]
    public int EncodeVariantString()
    {
        _buffer.ResetWrittenCount();
        _writer.WriteVariant(_string);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public Variant DecodeVariantString()
    {
        var reader = new UaBinaryReader(_stringBytes);
        return reader.ReadVariant();
    }

    [Benchmark]
    public int EncodeVariantDoubleArray1000()
    {
        _buffer.ResetWrittenCount();
        _writer.WriteVariant(_doubles);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public Variant DecodeVariantDoubleArray1000()
    {
        var reader = new UaBinaryReader(_doublesBytes);
        return reader.ReadVariant();
    }

    [Benchmark]
    public int EncodeDataValue()
    {
        _buffer.ResetWrittenCount();
        _writer.WriteDataValue(_dataValue);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public DataValue DecodeDataValue()
    {
        var reader = new UaBinaryReader(_dataValueBytes);
        return reader.ReadDataValue();
    }

    /// <summary>What a server does per publish: encode the notification into its ExtensionObject, then the response.</summary>
    [Benchmark]
    public int EncodePublishResponse1000()
    {
        var publish = Publish(_notification, _publish.ResponseHeader.Timestamp);
        _buffer.ResetWrittenCount();
        publish.Encode(_writer);
        return _buffer.WrittenCount;
    }

    /// <summary>What a client does per publish: decode the response and unwrap its DataChangeNotification.</summary>
    [Benchmark]
    public int DecodePublishResponse1000()
    {
        var reader = new UaBinaryReader(_publishBytes);
        var publish = PublishResponse.Decode(ref reader);
        ExtensionObjects.TryUnwrap<DataChangeNotification>(publish.NotificationMessage.NotificationData![0], DataChangeNotification.BinaryEncodingId, out var change);
        return change!.MonitoredItems!.Length;
    }

    private static PublishResponse Publish(DataChangeNotification notification, UaDateTime now) => new()
    {
        ResponseHeader = new ResponseHeader { Timestamp = now, RequestHandle = 42 },
        SubscriptionId = 1,
        AvailableSequenceNumbers = [7],
        NotificationMessage = new NotificationMessage { SequenceNumber = 7, PublishTime = now, NotificationData = [ExtensionObjects.Wrap(notification)] },
    };

    private static byte[] Encode(Action<UaBinaryWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new UaBinaryWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
