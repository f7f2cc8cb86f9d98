using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Range = IIoT.OpcUa.Types.Structures.Range;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>Turns the Filter ExtensionObject of MonitoringParameters into a <see cref="DataChangeFilterSpec"/> or a Bad_ result.</summary>
internal static class MonitoredItemFilters
{
    private static readonly uint[] OtherFilterEncodings =
    [
        ObjectIds.EventFilter_Encoding_DefaultBinary,
        ObjectIds.AggregateFilter_Encoding_DefaultBinary,
    ];

    public static uint Parse(ExtensionObject? filter, uint attributeId, NodeId nodeId, IMonitoredNodeSource source, out DataChangeFilterSpec spec)
    {
        spec = DataChangeFilterSpec.Default;
        if (filter is null || filter.IsNull) return StatusCodes.Good;
        foreach (var id in OtherFilterEncodings)
        {
            // Event and aggregate filters are not implemented by this engine.
            if (ExtensionObjects.HasType(filter, id)) return StatusCodes.BadMonitoredItemFilterUnsupported;
        }
        if (!ExtensionObjects.HasType(filter, DataChangeFilter.BinaryEncodingId)) return StatusCodes.BadMonitoredItemFilterUnsupported;
        if (!ExtensionObjects.TryUnwrap<DataChangeFilter>(filter, DataChangeFilter.BinaryEncodingId, out var dcf) || dcf is null)
            return StatusCodes.BadMonitoredItemFilterInvalid;
        // §7.22.2: a DataChangeFilter only has meaning for the Value attribute.
        if (attributeId != AttributeIds.Value) return StatusCodes.BadFilterNotAllowed;
        if (dcf.Trigger is < DataChangeTrigger.Status or > DataChangeTrigger.StatusValueTimestamp) return StatusCodes.BadMonitoredItemFilterInvalid;
        switch ((DeadbandType)dcf.DeadbandType)
        {
            case DeadbandType.None:
                spec = new DataChangeFilterSpec(dcf.Trigger, DeadbandType.None, 0);
                return StatusCodes.Good;
            case DeadbandType.Absolute:
                if (!(dcf.DeadbandValue >= 0) || double.IsInfinity(dcf.DeadbandValue)) return StatusCodes.BadDeadbandFilterInvalid;
                spec = Build(dcf.Trigger, DeadbandType.Absolute, dcf.DeadbandValue);
                return StatusCodes.Good;
            case DeadbandType.Percent:
                // OPC 10000-8 §6.2 / Table 28: outside 0..100, or no EURange on the node -> Bad_DeadbandFilterInvalid.
                if (!(dcf.DeadbandValue >= 0 && dcf.DeadbandValue <= 100)) return StatusCodes.BadDeadbandFilterInvalid;
                Range? range = source.GetEuRange(nodeId);
                if (range is null || !double.IsFinite(range.High - range.Low)) return StatusCodes.BadDeadbandFilterInvalid;
                spec = Build(dcf.Trigger, DeadbandType.Percent, dcf.DeadbandValue / 100.0 * Math.Abs(range.High - range.Low));
                return StatusCodes.Good;
            default:
                return StatusCodes.BadDeadbandFilterInvalid;
        }
    }

    // §7.22.2: a deadband applies only when the trigger includes value changes; with trigger Status it is ignored.
    private static DataChangeFilterSpec Build(DataChangeTrigger trigger, DeadbandType type, double threshold) =>
        trigger == DataChangeTrigger.Status
            ? new DataChangeFilterSpec(trigger, DeadbandType.None, 0)
            : new DataChangeFilterSpec(trigger, type, threshold);
}
