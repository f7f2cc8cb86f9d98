using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Stack.Tests.Services;

public sealed class ExtensionObjectsTests
{
    [Fact]
    public void A_wrapped_filter_unwraps_to_the_same_fields()
    {
        var filter = new DataChangeFilter { Trigger = DataChangeTrigger.StatusValue, DeadbandType = 1, DeadbandValue = 0.5 };

        var wrapped = ExtensionObjects.Wrap(filter);

        Assert.Equal(new NodeId(ObjectIds.DataChangeFilter_Encoding_DefaultBinary), wrapped.TypeId);
        Assert.True(ExtensionObjects.TryUnwrap<DataChangeFilter>(wrapped, DataChangeFilter.BinaryEncodingId, out var back));
        Assert.Equal(DataChangeTrigger.StatusValue, back!.Trigger);
        Assert.Equal(1u, back.DeadbandType);
        Assert.Equal(0.5, back.DeadbandValue);
    }

    [Fact]
    public void Unwrap_refuses_another_type_a_short_body_and_trailing_bytes()
    {
        var filter = ExtensionObjects.Wrap(new DataChangeFilter { DeadbandValue = 1 });
        Assert.False(ExtensionObjects.TryUnwrap<AggregateFilter>(filter, AggregateFilter.BinaryEncodingId, out _));

        var shortBody = new ExtensionObject(filter.TypeId, ExtensionObjectEncoding.Binary, filter.Body[..5]);
        Assert.False(ExtensionObjects.TryUnwrap<DataChangeFilter>(shortBody, DataChangeFilter.BinaryEncodingId, out _));

        var longBody = new ExtensionObject(filter.TypeId, ExtensionObjectEncoding.Binary, [.. filter.Body, 0]);
        Assert.False(ExtensionObjects.TryUnwrap<DataChangeFilter>(longBody, DataChangeFilter.BinaryEncodingId, out _));
        Assert.False(ExtensionObjects.TryUnwrap<DataChangeFilter>(ExtensionObject.Null, DataChangeFilter.BinaryEncodingId, out _));
    }
}
