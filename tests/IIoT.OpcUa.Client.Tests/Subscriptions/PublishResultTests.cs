using System.Buffers;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client.Tests.Subscriptions;

/// <summary>The in-place Publish decoder must read what the generic decoder (ExtensionObject, then unwrap) reads.</summary>
public sealed class PublishResultTests
{
    [Fact]
    public void Decodes_data_and_status_changes_in_place_and_skips_other_or_bad_bodies_like_the_generic_path()
    {
        var values = new[]
        {
            new MonitoredItemNotification { ClientHandle = 7, Value = new DataValue { Value = Variant.From(21.5), SourceTimestamp = new UaDateTime(638_000_000_000_000_000) } },
            new MonitoredItemNotification { ClientHandle = 9, Value = new DataValue { Value = Variant.From("on"), Status = new StatusCode(StatusCodes.UncertainLastUsableValue) } },
        };
        var response = new PublishResponse
        {
            SubscriptionId = 42,
            AvailableSequenceNumbers = [5, 6],
            NotificationMessage = new NotificationMessage
            {
                SequenceNumber = 6,
                PublishTime = new UaDateTime(638_000_000_010_000_000),
                NotificationData =
                [
                    ExtensionObjects.Wrap(new DataChangeNotification { MonitoredItems = values }),
                    new ExtensionObject(new NodeId(999u), ExtensionObjectEncoding.Binary, [1, 2, 3]),
                    new ExtensionObject(new NodeId(DataChangeNotification.BinaryEncodingId), ExtensionObjectEncoding.Binary, [0xFF]),
                    ExtensionObjects.Wrap(new StatusChangeNotification { Status = new StatusCode(StatusCodes.BadTimeout) }),
                ],
            },
            Results = [new StatusCode(StatusCodes.BadSequenceNumberUnknown)],
        };
        var body = Encode(response);

        var result = PublishResult.Decode(body);
        var generic = ReceivedMessage.From(Generic(body).NotificationMessage, false);

        Assert.Equal(42u, result.SubscriptionId);
        Assert.Equal(4, result.DataCount);
        Assert.Equal([new StatusCode(StatusCodes.BadSequenceNumberUnknown)], result.Results!);
        Assert.Equal(6u, result.Message.SequenceNumber);
        Assert.Equal(response.NotificationMessage.PublishTime, result.Message.PublishTime);
        Assert.Equal(2, result.Message.Parts.Length);
        Assert.Equal(generic.Parts.Length, result.Message.Parts.Length);
        var decoded = result.Message.Parts[0].Values!;
        Assert.Equal(values.Select(v => v.ClientHandle), decoded.Select(v => v.ClientHandle));
        Assert.Equal(values.Select(v => v.Value), decoded.Select(v => v.Value));
        Assert.Equal(generic.Parts[0].Values!.Select(v => v.Value), decoded.Select(v => v.Value));
        Assert.Null(result.Message.Parts[1].Values);
        Assert.Equal(StatusCodes.BadTimeout, result.Message.Parts[1].Status.Code);
    }

    [Fact]
    public void A_keep_alive_has_no_data_and_a_body_longer_than_the_message_fails_it()
    {
        var keepAlive = PublishResult.Decode(Encode(new PublishResponse { SubscriptionId = 3, NotificationMessage = new NotificationMessage { SequenceNumber = 8 } }));
        Assert.Equal(0, keepAlive.DataCount);
        Assert.Empty(keepAlive.Message.Parts);

        var body = Encode(new PublishResponse
        {
            NotificationMessage = new NotificationMessage
            {
                SequenceNumber = 9,
                NotificationData = [ExtensionObjects.Wrap(new DataChangeNotification { MonitoredItems = [] })],
            },
        });
        var truncated = body[..^12]; // cuts into the body, whose length then points past the end

        Assert.Throws<UaDecodingException>(() => Generic(truncated));
        Assert.Throws<UaDecodingException>(() => PublishResult.Decode(truncated));
    }

    private static byte[] Encode(PublishResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>();
        response.Encode(new UaBinaryWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    private static PublishResponse Generic(byte[] body)
    {
        var reader = new UaBinaryReader(body);
        return PublishResponse.Decode(ref reader);
    }
}
