using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>
/// A PublishResponse (OPC 10000-4 §5.13.5) as the publish engine needs it: decoded by <see cref="Decode"/> with the
/// notifications unwrapped in place (<see cref="NotificationMessageReader"/>). Only ever received, never sent.
/// </summary>
internal sealed class PublishResult : IServiceResponse
{
    private PublishResult(ResponseHeader header, uint subscriptionId, ReceivedMessage message, int dataCount, StatusCode[]? results)
    {
        ResponseHeader = header;
        SubscriptionId = subscriptionId;
        Message = message;
        DataCount = dataCount;
        Results = results;
    }

    /// <summary><see cref="Decode"/> as a delegate, made once.</summary>
    public static ResponseDecoder<PublishResult> Decoder { get; } = Decode;

    public ResponseHeader ResponseHeader { get; set; }

    public uint BinaryEncodingId => PublishResponse.BinaryEncodingId;

    public uint SubscriptionId { get; }

    public ReceivedMessage Message { get; }

    /// <summary>NotificationData entries on the wire, of any kind; 0 for a keep-alive.</summary>
    public int DataCount { get; }

    public StatusCode[]? Results { get; }

    public void Encode(UaBinaryWriter writer) => throw new NotSupportedException("A PublishResult is only decoded.");

    /// <summary>The fields in schema order, as the generated PublishResponse decoder reads them.</summary>
    public static PublishResult Decode(ReadOnlySpan<byte> body)
    {
        var origin = 0;
        var reader = new UaBinaryReader(body);
        reader.EnterNesting("PublishResponse");
        var header = ResponseHeader.Decode(ref reader);
        var subscriptionId = reader.ReadUInt32("PublishResponse.SubscriptionId");
        var available = reader.ReadArrayLength("PublishResponse.AvailableSequenceNumbers", 4);
        for (var i = 0; i < available; i++)
        {
            reader.ReadUInt32("PublishResponse.AvailableSequenceNumbers");
        }

        reader.ReadBoolean("PublishResponse.MoreNotifications");
        var message = NotificationMessageReader.Read(body, ref reader, ref origin, out var dataCount);
        var results = reader.ReadArray("PublishResponse.Results", 4, static (ref UaBinaryReader r) => r.ReadStatusCode("PublishResponse.Results"));
        reader.ReadArray("PublishResponse.DiagnosticInfos", 1, static (ref UaBinaryReader r) => r.ReadDiagnosticInfo("PublishResponse.DiagnosticInfos"));
        reader.ExitNesting();
        return new PublishResult(header, subscriptionId, message, dataCount, results);
    }
}
