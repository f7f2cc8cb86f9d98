using IIoT.Gateway.Collection.OpcUa;
using IIoT.OpcUa.Types;
using IIoT.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>The file a restarted gateway takes its subscriptions over from: what it reads back, and what it refuses.</summary>
public sealed class SubscriptionStoreTests
{
    private static readonly DateTime SavedAt = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    private static readonly OpcUaSubscriptionStoreItem[] Items =
    [
        new(1, "nsu=urn:iiot:sim:line1;s=plant1.assembly.line1.m01.counter", "m01", "counter", null, "Nodes:0 ns=2;s=plant1.assembly.line1.m01.counter"),
        new(2, "nsu=urn:iiot:sim:line1;s=plant1.assembly.line1.m01.temperature", "m01", "temperature_c", "degC", "Folders:0 ns=2;s=plant1 /m01/temperature"),
        new(7, "i=2258", "", "server_time", null, "Nodes:1 i=2258"),
    ];

    [Fact]
    public void Header_and_items_are_read_back_as_written()
    {
        using var folder = new TempFolder("opcua-store");
        var (store, endpoint, path) = Open(folder);
        var header = Header(endpoint, 42);

        OpcUaSubscriptionStore.Write(path, header, Items);
        var loaded = store.Load(path, endpoint, "default");

        Assert.NotNull(loaded);
        Assert.Equal(header, loaded.Value.Header);
        Assert.Equal(Items, loaded.Value.Items);
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void A_last_line_torn_by_a_crash_is_ignored_and_the_items_before_it_are_kept()
    {
        using var folder = new TempFolder("opcua-store");
        var (store, endpoint, path) = Open(folder);
        OpcUaSubscriptionStore.Write(path, Header(endpoint, 42), Items);
        // The gateway died while it appended the next item's line.
        File.AppendAllText(path, "{\"handle\":8,\"node\":\"nsu=urn:iiot:sim:line1;s=plant1.ass");

        var loaded = store.Load(path, endpoint, "default");

        Assert.NotNull(loaded);
        Assert.Equal(Items, loaded.Value.Items);
    }

    [Fact]
    public void A_torn_line_before_the_last_makes_the_file_unusable_rather_than_silently_short()
    {
        using var folder = new TempFolder("opcua-store");
        var (store, endpoint, path) = Open(folder);
        OpcUaSubscriptionStore.Write(path, Header(endpoint, 42), Items);
        var lines = File.ReadAllLines(path);
        lines[1] = lines[1][..10];
        File.WriteAllLines(path, lines);

        Assert.Null(store.Load(path, endpoint, "default"));
    }

    [Fact]
    public void A_new_header_replaces_the_old_one_and_keeps_the_items()
    {
        using var folder = new TempFolder("opcua-store");
        var (store, endpoint, path) = Open(folder);
        OpcUaSubscriptionStore.Write(path, Header(endpoint, 42), Items);

        // What happens when the client recreated the subscription under a new id: the header is rewritten, items kept.
        var rewritten = Header(endpoint, 43) with { SavedAt = SavedAt.AddMinutes(5) };
        OpcUaSubscriptionStore.Write(path, rewritten, store.Load(path, endpoint, "default")!.Value.Items);
        var loaded = store.Load(path, endpoint, "default");

        Assert.NotNull(loaded);
        Assert.Equal(43u, loaded.Value.Header.SubscriptionId);
        Assert.Equal(rewritten, loaded.Value.Header);
        Assert.Equal(Items, loaded.Value.Items);
        Assert.Single(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_file_of_another_url_user_group_or_version_is_not_taken_over()
    {
        using var folder = new TempFolder("opcua-store");
        var (store, endpoint, path) = Open(folder);
        OpcUaSubscriptionStore.Write(path, Header(endpoint, 42), Items);

        Assert.Null(store.Load(path, endpoint, "other"));
        Assert.Null(store.Load(path, Endpoint("opc.tcp://127.0.0.1:4841", "gateway"), "default"));
        Assert.Null(store.Load(path, Endpoint("opc.tcp://127.0.0.1:4840", "someone-else"), "default"));
        OpcUaSubscriptionStore.Write(path, Header(endpoint, 42) with { Version = OpcUaSubscriptionStore.Version + 1 }, Items);
        Assert.Null(store.Load(path, endpoint, "default"));
        Assert.Null(store.Load(store.PathFor("line1", "missing"), endpoint, "missing"));
    }

    [Fact]
    public async Task Items_are_on_disk_under_their_planned_handles_before_they_are_created()
    {
        using var folder = new TempFolder("opcua-store");
        var (store, endpoint, path) = Open(folder);
        OpcUaSubscriptionStore.Write(path, Header(endpoint, 42), []);
        string[] namespaces = ["http://opcfoundation.org/UA/", "urn:iiot:sim:line1"];
        // The subscription is not used for recording; the source records before it calls CreateMonitoredItems, so a
        // gateway killed once the server has the items (and the pump may acknowledge their values) finds them here.
        var lease = new OpcUaSubscriptionStoreLease(path, null!, new Dictionary<uint, OpcUaItem>(), [], namespaces);
        OpcUaItem[] planned =
        [
            new("Nodes:0", new NodeId("plant1.assembly.line1.m01.counter", 1), "m01", "counter", null),
            new("Nodes:1", new NodeId("plant1.assembly.line1.m01.temperature", 1), "m01", "temperature_c", "degC"),
        ];

        await lease.RecordPlannedAsync(planned, 5, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var loaded = store.Load(path, endpoint, "default");

        Assert.NotNull(loaded);
        Assert.Equal([5u, 6u], loaded.Value.Items.Select(i => i.Handle));
        Assert.Equal(["nsu=urn:iiot:sim:line1;s=plant1.assembly.line1.m01.counter", "nsu=urn:iiot:sim:line1;s=plant1.assembly.line1.m01.temperature"],
            loaded.Value.Items.Select(i => i.Node));
        Assert.Equal(["counter", "temperature_c"], loaded.Value.Items.Select(i => i.Signal));
    }

    private static (OpcUaSubscriptionStore Store, OpcUaEndpointOptions Endpoint, string Path) Open(TempFolder folder)
    {
        var store = new OpcUaSubscriptionStore(folder.Combine("opcua"), TimeProvider.System, NullLogger.Instance);
        var endpoint = Endpoint("opc.tcp://127.0.0.1:4840", "gateway");
        return (store, endpoint, store.PathFor(endpoint.Name, "default"));
    }

    private static OpcUaEndpointOptions Endpoint(string url, string user) => new() { Name = "line1", Url = url, UserName = user, Password = "secret" };

    private static OpcUaSubscriptionStoreHeader Header(OpcUaEndpointOptions endpoint, uint subscriptionId) =>
        new(OpcUaSubscriptionStore.Version, endpoint.Name, endpoint.Url, endpoint.UserName, "default", subscriptionId, SavedAt);
}
