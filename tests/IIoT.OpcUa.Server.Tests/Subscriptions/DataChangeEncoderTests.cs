using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions.Tests;

public sealed class DataChangeEncoderTests
{
    [Theory]
    [InlineData(TimestampsToReturn.Source)]
    [InlineData(TimestampsToReturn.Server)]
    [InlineData(TimestampsToReturn.Both)]
    [InlineData(TimestampsToReturn.Neither)]
    public void Encodes_the_same_bytes_as_the_generated_DataChangeNotification_encoder(TimestampsToReturn timestamps)
    {
        var item = new MonitoredItem(1, new NodeId(1u, 2), AttributeIds.Value, 5) { Source = new FixedValue(), ClientHandle = 77, Timestamps = timestamps };
        var source = new UaDateTime(123_456_789);
        var server = new UaDateTime(987_654_321);
        var values = new[]
        {
            new QueuedValue(new DataValue { Value = Variant.From(1.5), SourceTimestamp = source, SourcePicoseconds = 7 }, server.Ticks),
            new QueuedValue(new DataValue { Value = Variant.From("x"), Status = StatusCodes.BadTimeout }, server.Ticks) { Overflow = true },
            new QueuedValue(new DataValue(), 0),
        };
        var encoder = new DataChangeEncoder(1024 * 1024);
        encoder.Begin();
        foreach (var value in values) encoder.Add(item, value);
        var actual = encoder.Finish();

        var withSource = timestamps is TimestampsToReturn.Source or TimestampsToReturn.Both;
        var withServer = timestamps is TimestampsToReturn.Server or TimestampsToReturn.Both;
        var expected = ExtensionObjects.Wrap(new DataChangeNotification
        {
            MonitoredItems = values.Select(v => new MonitoredItemNotification
            {
                ClientHandle = 77,
                Value = new DataValue
                {
                    Value = v.Value.Value,
                    Status = v.Overflow ? v.Value.Status.Code | 0x0480u : v.Value.Status,
                    SourceTimestamp = withSource ? v.Value.SourceTimestamp : default,
                    SourcePicoseconds = withSource ? v.Value.SourcePicoseconds : (ushort)0,
                    ServerTimestamp = withServer ? new UaDateTime(v.ServerTicks) : default,
                },
            }).ToArray(),
        });
        Assert.Equal(expected.TypeId, actual.TypeId);
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
        Assert.Equal(3, encoder.Count);
    }

    private sealed class FixedValue : IMonitoredValue
    {
        public DataValue Read() => new();
    }
}
