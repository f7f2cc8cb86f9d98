using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client.Tests.Subscriptions;

public sealed class NamespaceRemapperTests
{
    [Fact]
    public void UA_R04_node_ids_follow_their_namespace_uri_to_its_new_index()
    {
        var items = new[]
        {
            new MonitoredItem(1, new MonitoredItemOptions { NodeId = new NodeId("Line1.Counter", 2) }, "urn:line"),
            new MonitoredItem(2, new MonitoredItemOptions { NodeId = new NodeId(42u, 3) }, "urn:gone"),
            new MonitoredItem(3, new MonitoredItemOptions { NodeId = new NodeId(2258u) }, "http://opcfoundation.org/UA/"),
        };

        // After the restart the server numbers "urn:line" 5 and no longer has "urn:gone".
        var remapped = NamespaceRemapper.Remap(["http://opcfoundation.org/UA/", "urn:a", "urn:b", "urn:c", "urn:d", "urn:line"], items);

        Assert.Equal([items[0], items[2]], remapped);
        Assert.Equal(new NodeId("Line1.Counter", 5), items[0].NodeId);
        Assert.Equal(MonitoredItemState.Failed, items[1].State);
        Assert.Equal(StatusCodes.BadNodeIdUnknown, items[1].Status.Code);
        Assert.Equal(new NodeId(2258u), items[2].NodeId);
    }

    [Fact]
    public void Every_node_id_kind_keeps_its_identifier()
    {
        var guid = Guid.NewGuid();
        Assert.Equal(new NodeId(guid, 4), NamespaceRemapper.WithNamespace(new NodeId(guid, 1), 4));
        Assert.Equal(new NodeId([1, 2, 3], 4), NamespaceRemapper.WithNamespace(new NodeId([1, 2, 3], 1), 4));
        Assert.Equal(new NodeId(7u, 4), NamespaceRemapper.WithNamespace(new NodeId(7u, 1), 4));
    }
}
