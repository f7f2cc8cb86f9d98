using System.Text;
using System.Text.Json;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// Keeps, per endpoint and group, the id of the gateway's subscription and the client handle of every monitored item in
/// a small file under the data directory, so that a gateway restarted after a crash (SIGKILL) takes the subscription
/// over instead of creating a new one: the server kept sampling into the item queues and kept the notification messages
/// we never acknowledged (they were not durable yet), and both come back (TransferSubscriptions, then Republish).
/// Servers allow that only to the same user, so it is tried for endpoints with a UserName; when the server refuses, the
/// client creates the subscription anew and puts a gap from the previous run's last sign of life to now in the stream
/// (the pump writes it to the loss ledger as "opcua-gap").
/// File: "{endpoint}~{group}.jsonl", JSON Lines: a header (<see cref="OpcUaSubscriptionStoreHeader"/>), then one
/// <see cref="OpcUaSubscriptionStoreItem"/> per monitored item. A new header is written to a temporary file, fsynced and
/// renamed over the old one; item lines are appended (fsynced) as items are created. The file's modification time is
/// refreshed every few seconds while the group collects and marks the start of a gap.
/// </summary>
internal sealed class OpcUaSubscriptionStore(string directory, TimeProvider time, ILogger logger)
{
    public const int Version = 1;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    public string Directory => directory;

    public string PathFor(string endpoint, string group) => Path.Combine(directory, Sanitize(endpoint) + "~" + Sanitize(group) + ".jsonl");

    /// <summary>
    /// The group's subscription: for an endpoint with a user name, the saved one taken over (or, refused, created anew
    /// with a gap), else a new one. The file is (re)written before this returns.
    /// </summary>
    /// <param name="itemOptions">The group's monitoring parameters for a node (used if the subscription must be created anew).</param>
    public async Task<OpcUaSubscriptionStoreLease> OpenAsync(UaSession session, OpcUaEndpointOptions endpoint, string group, SubscriptionOptions options,
        Func<NodeId, MonitoredItemOptions> itemOptions, CancellationToken cancellationToken)
    {
        var path = PathFor(endpoint.Name, group);
        var namespaces = session.NamespaceUris;
        if (string.IsNullOrEmpty(endpoint.UserName))
        {
            // An anonymous subscription can never be taken over (the server cannot tell two anonymous clients apart).
            var created = await session.CreateSubscriptionAsync(options, cancellationToken).ConfigureAwait(false);
            return new OpcUaSubscriptionStoreLease(null, created, new Dictionary<uint, OpcUaItem>(), [], namespaces);
        }

        var saved = Load(path, endpoint, group);
        Subscription subscription;
        var adopted = new Dictionary<uint, OpcUaItem>();
        var unclaimed = new Dictionary<string, uint>(StringComparer.Ordinal);
        var kept = new List<OpcUaSubscriptionStoreItem>();
        if (saved is null)
        {
            subscription = await session.CreateSubscriptionAsync(options, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var items = new List<KeyValuePair<uint, MonitoredItemOptions>>();
            foreach (var item in saved.Value.Items)
            {
                if (Resolve(namespaces, item.Node) is { } node && adopted.TryAdd(item.Handle,
                    new OpcUaItem(item.Origin, node, item.Machine, item.Signal, item.Unit)))
                {
                    unclaimed.TryAdd(item.Key, item.Handle);
                    kept.Add(item);
                    items.Add(new(item.Handle, itemOptions(node)));
                }
            }

            subscription = await session.TakeOverSubscriptionAsync(new SubscriptionTakeover
            {
                SubscriptionId = saved.Value.Header.SubscriptionId,
                Options = options,
                Items = items,
                LostSince = saved.Value.LastSeen,
            }, cancellationToken).ConfigureAwait(false);
            var result = subscription.Takeover!;
            if (result.Transferred)
            {
                OpcUaSubscriptionStoreLog.TakenOver(logger, endpoint.Name, group, subscription.Id, result.AvailableMessages, result.RepublishedMessages);
            }
            else
            {
                OpcUaSubscriptionStoreLog.TakeoverRefused(logger, endpoint.Name, group, saved.Value.Header.SubscriptionId, result.Status.Name, subscription.Id,
                    saved.Value.LastSeen);
            }
        }

        var header = new OpcUaSubscriptionStoreHeader(Version, endpoint.Name, endpoint.Url, endpoint.UserName, group, subscription.Id, time.GetUtcNow().UtcDateTime);
        Write(path, header, kept);
        _ = RefreshAsync(path, endpoint.Name, group, header, subscription, cancellationToken);
        return new OpcUaSubscriptionStoreLease(path, subscription, adopted, unclaimed, namespaces);
    }

    internal static string Key(string node, string machine, string signal) => node + "|" + machine + "|" + signal;

    /// <summary>The item's key: its node in the namespace-URI form, so that it matches whatever index the server gives the namespace.</summary>
    internal static string Key(IReadOnlyList<string> namespaceUris, OpcUaItem item) => Key(NodeText(namespaceUris, item.NodeId), item.Machine, item.Signal);

    internal static OpcUaSubscriptionStoreItem ToStored(IReadOnlyList<string> namespaceUris, uint handle, OpcUaItem item) =>
        new(handle, NodeText(namespaceUris, item.NodeId), item.Machine, item.Signal, item.Unit, item.Origin);

    /// <summary>"nsu={uri};{identifier}" for a node outside namespace 0.</summary>
    internal static string NodeText(IReadOnlyList<string> namespaceUris, NodeId node)
    {
        var text = node.ToString();
        if (node.NamespaceIndex == 0 || node.NamespaceIndex >= namespaceUris.Count)
        {
            return text;
        }

        return $"nsu={namespaceUris[node.NamespaceIndex]};{text[(text.IndexOf(';', StringComparison.Ordinal) + 1)..]}";
    }

    /// <summary>Writes header and items to a temporary file, fsyncs it and renames it over <paramref name="path"/>.</summary>
    internal static void Write(string path, OpcUaSubscriptionStoreHeader header, IReadOnlyList<OpcUaSubscriptionStoreItem> items)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            {
                writer.Write(JsonSerializer.Serialize(header, Json) + "\n");
                foreach (var item in items)
                {
                    writer.Write(JsonSerializer.Serialize(item, Json) + "\n");
                }
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The saved subscription, if it belongs to this endpoint (same URL and user) and group; null otherwise.</summary>
    internal (OpcUaSubscriptionStoreHeader Header, List<OpcUaSubscriptionStoreItem> Items, DateTime LastSeen)? Load(string path, OpcUaEndpointOptions endpoint, string group)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var lastSeen = File.GetLastWriteTimeUtc(path);
            var lines = File.ReadAllLines(path, Encoding.UTF8);
            var header = lines.Length == 0 ? null : JsonSerializer.Deserialize<OpcUaSubscriptionStoreHeader>(lines[0], Json);
            if (header is null || header.Version != Version || header.Endpoint != endpoint.Name || header.Url != endpoint.Url
                || header.UserName != endpoint.UserName || header.Group != group)
            {
                return null;
            }

            var items = new List<OpcUaSubscriptionStoreItem>();
            for (var i = 1; i < lines.Length; i++)
            {
                try
                {
                    if (lines[i].Length > 0 && JsonSerializer.Deserialize<OpcUaSubscriptionStoreItem>(lines[i], Json) is { } item)
                    {
                        items.Add(item);
                    }
                }
                catch (JsonException) when (i == lines.Length - 1)
                {
                    // A line torn by the crash while it was appended: its item's values cannot have been acknowledged yet.
                }
            }

            return (header, items, lastSeen);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            OpcUaSubscriptionStoreLog.Unreadable(logger, e, endpoint.Name, group, path);
            return null;
        }
    }

    /// <summary>The node in the current session's namespace indexes; null when the server no longer has the namespace.</summary>
    private static NodeId? Resolve(IReadOnlyList<string> namespaceUris, string text)
    {
        if (!ExpandedNodeId.TryParse(text, out var expanded))
        {
            return null;
        }

        if (expanded.NamespaceUri is null)
        {
            return expanded.NodeId;
        }

        var index = -1;
        for (var i = 0; i < namespaceUris.Count && index < 0; i++)
        {
            index = namespaceUris[i] == expanded.NamespaceUri ? i : -1;
        }

        var id = expanded.NodeId;
        return index < 0 ? null : id.IdType switch
        {
            NodeIdType.Numeric => new NodeId(id.NumericId, (ushort)index),
            NodeIdType.String => new NodeId(id.StringId, (ushort)index),
            NodeIdType.Guid => new NodeId(id.GuidId, (ushort)index),
            _ => new NodeId(id.OpaqueId, (ushort)index),
        };
    }

    /// <summary>
    /// While the group collects: the file's modification time follows (the start of the gap should the next run have to
    /// create the subscription anew), and the header is rewritten when the client recreated the subscription under a new id.
    /// </summary>
    private async Task RefreshAsync(string path, string endpoint, string group, OpcUaSubscriptionStoreHeader header, Subscription subscription,
        CancellationToken cancellationToken)
    {
        var done = subscription.Notifications.Completion;
        while (!cancellationToken.IsCancellationRequested && !done.IsCompleted)
        {
            try
            {
                await Task.Delay(RefreshEvery, time, cancellationToken).ConfigureAwait(false);
                if (subscription.Id != header.SubscriptionId)
                {
                    header = header with { SubscriptionId = subscription.Id, SavedAt = time.GetUtcNow().UtcDateTime };
                    var items = File.ReadAllLines(path, Encoding.UTF8).Skip(1).Where(l => l.Length > 0)
                        .Select(l => JsonSerializer.Deserialize<OpcUaSubscriptionStoreItem>(l, Json)!).ToList();
                    Write(path, header, items);
                }
                else
                {
                    File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                OpcUaSubscriptionStoreLog.SaveFailed(logger, e, endpoint, group, path);
            }
        }
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return builder.ToString();
    }
}
