using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>
/// One monitored item of a <see cref="Subscription"/>. Notifications name it by <see cref="ClientHandle"/> (dense,
/// from 1, so a consumer can index an array). The namespace URI of its node is kept so that after a server restart
/// the node id is re-resolved against the new NamespaceArray (UA-R04).
/// </summary>
public sealed class MonitoredItem
{
    internal MonitoredItem(uint clientHandle, MonitoredItemOptions options, string? namespaceUri)
        : this(clientHandle, options, options, namespaceUri)
    {
    }

    /// <param name="settings">
    /// An options object with the same settings as <paramref name="options"/> (any node), shared by the items added with
    /// the same settings: a subscription of 100,000 items then keeps one options object instead of 100,000.
    /// </param>
    internal MonitoredItem(uint clientHandle, MonitoredItemOptions options, MonitoredItemOptions settings, string? namespaceUri)
    {
        ClientHandle = clientHandle;
        _settings = settings;
        NodeId = options.NodeId;
        _requested = options.NodeId;
        NamespaceUri = namespaceUri;
    }

    private readonly MonitoredItemOptions _settings;
    private readonly NodeId _requested;

    public uint ClientHandle { get; }

    /// <summary>What was requested (the node as given, not remapped).</summary>
    public MonitoredItemOptions Options => ReferenceEquals(_settings.NodeId, _requested) ? _settings : new MonitoredItemOptions
    {
        NodeId = _requested,
        AttributeId = _settings.AttributeId,
        SamplingInterval = _settings.SamplingInterval,
        QueueSize = _settings.QueueSize,
        DiscardOldest = _settings.DiscardOldest,
        Trigger = _settings.Trigger,
        DeadbandType = _settings.DeadbandType,
        DeadbandValue = _settings.DeadbandValue,
    };

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> differ in nothing but the node.</summary>
    internal static bool SameSettings(MonitoredItemOptions a, MonitoredItemOptions b) =>
        a.AttributeId == b.AttributeId && a.SamplingInterval.Equals(b.SamplingInterval) && a.QueueSize == b.QueueSize
        && a.DiscardOldest == b.DiscardOldest && a.Trigger == b.Trigger && a.DeadbandType == b.DeadbandType && a.DeadbandValue.Equals(b.DeadbandValue);

    /// <summary>The node id in the current session's namespace indexes.</summary>
    public NodeId NodeId { get; internal set; }

    /// <summary>The namespace URI of <see cref="NodeId"/> (null when the index was unknown).</summary>
    public string? NamespaceUri { get; }

    public MonitoredItemState State { get; internal set; }

    /// <summary>The server's result for the last create (Good when Active).</summary>
    public StatusCode Status { get; internal set; }

    public uint ServerId { get; internal set; }

    public double RevisedSamplingInterval { get; internal set; }

    public uint RevisedQueueSize { get; internal set; }

    internal MonitoredItemCreateRequest ToCreateRequest()
    {
        var options = _settings;
        var filter = ExtensionObject.Null;
        if (options.DeadbandType != DeadbandType.None || options.Trigger is not null)
        {
            filter = ExtensionObjects.Wrap(new DataChangeFilter
            {
                Trigger = options.Trigger ?? DataChangeTrigger.StatusValue,
                DeadbandType = (uint)options.DeadbandType,
                DeadbandValue = options.DeadbandValue,
            });
        }

        return new MonitoredItemCreateRequest
        {
            ItemToMonitor = new ReadValueId { NodeId = NodeId, AttributeId = options.AttributeId },
            MonitoringMode = MonitoringMode.Reporting,
            RequestedParameters = new MonitoringParameters
            {
                ClientHandle = ClientHandle,
                SamplingInterval = options.SamplingInterval,
                Filter = filter,
                QueueSize = options.QueueSize,
                DiscardOldest = options.DiscardOldest,
            },
        };
    }

    internal void Apply(MonitoredItemCreateResult result)
    {
        Status = result.StatusCode;
        if (result.StatusCode.IsBad)
        {
            State = MonitoredItemState.Failed;
            ServerId = 0;
            return;
        }

        State = MonitoredItemState.Active;
        ServerId = result.MonitoredItemId;
        RevisedSamplingInterval = result.RevisedSamplingInterval;
        RevisedQueueSize = result.RevisedQueueSize;
    }

    internal void Fail(uint statusCode)
    {
        Status = statusCode;
        State = MonitoredItemState.Failed;
        ServerId = 0;
    }
}
