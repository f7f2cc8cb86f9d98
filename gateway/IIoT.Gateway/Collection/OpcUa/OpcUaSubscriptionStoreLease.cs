using System.Text;
using System.Text.Json;
using IIoT.OpcUa.Client;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// The subscription of one group as <see cref="OpcUaSubscriptionStore.OpenAsync"/> gave it: taken over (with the items
/// it already has, <see cref="Adopted"/>) or new. While the group's items are resolved, <see cref="TryClaim"/> says
/// which are already monitored, and <see cref="RecordAsync"/> appends the ones created to the file (fsynced), so the
/// file names every item the server has under its handle whenever the gateway dies.
/// </summary>
internal sealed class OpcUaSubscriptionStoreLease
{
    private readonly string? _path;
    private readonly IReadOnlyList<string> _namespaceUris;
    private readonly Dictionary<string, uint> _unclaimed;
    private readonly Lock _gate = new();

    /// <param name="path">The file; null when nothing is kept (an anonymous endpoint).</param>
    internal OpcUaSubscriptionStoreLease(string? path, Subscription subscription, IReadOnlyDictionary<uint, OpcUaItem> adopted,
        Dictionary<string, uint> unclaimed, IReadOnlyList<string> namespaceUris)
    {
        _path = path;
        Subscription = subscription;
        Adopted = adopted;
        _unclaimed = unclaimed;
        _namespaceUris = namespaceUris;
        NextHandle = adopted.Count == 0 ? 1 : adopted.Keys.Max() + 1;
    }

    public Subscription Subscription { get; }

    /// <summary>Handle -> item of the items the taken-over subscription already has (rebuilt from the file); empty for a new one.</summary>
    public IReadOnlyDictionary<uint, OpcUaItem> Adopted { get; }

    /// <summary>The client handle the next added item gets (handles are dense, counted on from the adopted ones).</summary>
    public uint NextHandle { get; }

    /// <summary>True when the configured <paramref name="item"/> is already monitored under <paramref name="handle"/> (taken over).</summary>
    public bool TryClaim(OpcUaItem item, out uint handle)
    {
        lock (_gate)
        {
            return _unclaimed.Remove(OpcUaSubscriptionStore.Key(_namespaceUris, item), out handle);
        }
    }

    /// <summary>
    /// Appends <paramref name="items"/> under the handles they are about to get (<paramref name="firstHandle"/> on, in
    /// order) and fsyncs the file, before they are created: the pump may store and acknowledge an item's values as soon
    /// as the server has it, so a gateway killed at any moment after that must find the item in the file. An item the
    /// server then refuses stays named in the file; taking it over later yields nothing for it, which is harmless.
    /// </summary>
    public Task RecordPlannedAsync(IReadOnlyList<OpcUaItem> items, uint firstHandle, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        for (var i = 0; i < items.Count; i++)
        {
            AppendLine(text, firstHandle + (uint)i, items[i]);
        }
        return WriteAsync(text, cancellationToken);
    }

    /// <summary>Appends the items the server accepted under their actual handles, where they differ from the planned ones.</summary>
    public Task RecordAsync(IReadOnlyList<OpcUaItem> items, IReadOnlyList<MonitoredItem> created, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        for (var i = 0; i < created.Count; i++)
        {
            if (created[i].State == MonitoredItemState.Active)
            {
                AppendLine(text, created[i].ClientHandle, items[i]);
            }
        }
        return WriteAsync(text, cancellationToken);
    }

    private void AppendLine(StringBuilder text, uint handle, OpcUaItem item) =>
        text.Append(JsonSerializer.Serialize(OpcUaSubscriptionStore.ToStored(_namespaceUris, handle, item), OpcUaSubscriptionStore.Json)).Append('\n');

    private async Task WriteAsync(StringBuilder text, CancellationToken cancellationToken)
    {
        if (_path is null || text.Length == 0)
        {
            return;
        }
        await using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
        stream.Flush(flushToDisk: true);
    }
}
