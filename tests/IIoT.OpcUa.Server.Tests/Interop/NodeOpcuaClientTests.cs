using System.Text.Json;
using IIoT.OpcUa.Server.Tests.Kit;
using IIoT.OpcUa.Types;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Server.Tests.Interop;

/// <summary>The real node-opcua client (2.186.4, SecurityPolicy None) against our server.</summary>
public sealed class NodeOpcuaClientTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public Task node_opcua_connects_anonymously_and_creates_a_session_although_the_announced_host_does_not_resolve() => Run(async server =>
    {
        var result = await RunClientAsync(server, [new { cmd = "session" }]);

        var session = Assert.Single(result.Results);
        Assert.StartsWith("ns=1;g=", session.GetProperty("sessionId").GetString(), StringComparison.Ordinal);
        Assert.Equal(60_000, session.GetProperty("revisedSessionTimeout").GetDouble());
        Assert.Equal("opc.tcp://plc.invalid:" + server.Port, server.EndpointUrl);
        Assert.Equal(0, server.SessionCount); // node-opcua closed it again
    }, hostName: "plc.invalid");

    [Fact]
    public Task node_opcua_logs_in_with_user_name_and_a_wrong_password_is_refused() => Run(async server =>
    {
        var right = await RunClientAsync(server, [new { cmd = "session" }], user: "operator", password: "secret-1");
        var wrong = await NodeOpcuaClient.RunAsync(Url(server), [new { cmd = "session" }], user: "operator", password: "nope", timeout: Timeout);
        output.WriteLine(wrong.Output);

        Assert.Single(right.Results);
        Assert.False(wrong.Succeeded);
        Assert.Contains("BadUserAccessDenied", wrong.Output, StringComparison.Ordinal);
    });

    [Fact]
    public Task node_opcua_browses_the_whole_address_space_from_Root_with_continuation_points() => Run(async server =>
    {
        var result = await RunClientAsync(server, [new { cmd = "browse-all", start = "i=84" }], maxReferencesPerNode: 3);

        var browse = Assert.Single(result.Results);
        var errors = browse.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        var nodeIds = browse.GetProperty("nodeIds").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        output.WriteLine($"{browse.GetProperty("nodes")} nodes, {browse.GetProperty("references")} references, {browse.GetProperty("browseNextCalls")} BrowseNext calls");
        Assert.Empty(errors);
        Assert.True(browse.GetProperty("browseNextCalls").GetInt32() > 10);
        Assert.Equal(server.AddressSpace.Count, nodeIds.Count);
        foreach (var expected in new[] { "i=85", "i=86", "i=2253", "i=2256", "i=2258", "i=11705", "i=45", "i=63", "i=11", "ns=2;s=Line1.Machine1.Temperature" })
        {
            Assert.Contains(expected, nodeIds);
        }
    });

    [Fact]
    public Task node_opcua_reads_every_attribute_of_each_node_class_and_gets_values_or_BadAttributeIdInvalid() => Run(async server =>
    {
        string[] nodes = ["ns=2;s=Line1.Machine1", "ns=2;s=Line1.Machine1.Temperature", "i=2004", "i=2368", "i=47", "i=11", "i=884"];
        var result = await RunClientAsync(server, nodes.Select(n => (object)new { cmd = "read-attributes", nodeId = n }).ToArray());

        Assert.Equal(nodes.Length, result.Results.Count);
        for (var i = 0; i < nodes.Length; i++)
        {
            var attributes = result.Results[i].EnumerateArray().ToDictionary(a => a.GetProperty("attributeId").GetInt32());
            var expected = Expected(nodes[i]);
            foreach (var (attributeId, attribute) in attributes)
            {
                var status = attribute.GetProperty("status").GetString();
                if (expected.TryGetValue((uint)attributeId, out var dataType))
                {
                    Assert.True(status == "Good", $"{nodes[i]} attribute {attributeId}: {status}");
                    Assert.Equal(dataType, attribute.GetProperty("dataType").GetString());
                }
                else
                {
                    Assert.True(status == "BadAttributeIdInvalid", $"{nodes[i]} attribute {attributeId}: {status}");
                }
            }
        }

        var variable = result.Results[1].EnumerateArray().ToDictionary(a => a.GetProperty("attributeId").GetInt32());
        Assert.Equal(21.5, variable[(int)AttributeIds.Value].GetProperty("value").GetDouble());
        Assert.Equal("ns=2;s=Line1.Machine1.Temperature", variable[(int)AttributeIds.NodeId].GetProperty("value").GetString());
        Assert.Equal(2, variable[(int)AttributeIds.NodeClass].GetProperty("value").GetInt32());
        Assert.Equal("i=11", variable[(int)AttributeIds.DataType].GetProperty("value").GetString());
        Assert.Equal(-1, variable[(int)AttributeIds.ValueRank].GetProperty("value").GetInt32());
        Assert.Equal(3, variable[(int)AttributeIds.AccessLevel].GetProperty("value").GetInt32());
        Assert.Equal(100, variable[(int)AttributeIds.MinimumSamplingInterval].GetProperty("value").GetDouble());
        var hasComponent = result.Results[4].EnumerateArray().ToDictionary(a => a.GetProperty("attributeId").GetInt32());
        Assert.Equal("ComponentOf", hasComponent[(int)AttributeIds.InverseName].GetProperty("value").GetString());
    });

    [Fact]
    public Task node_opcua_writes_a_value_and_reads_it_back_and_a_wrong_type_gets_BadTypeMismatch() => Run(async server =>
    {
        var result = await RunClientAsync(server,
        [
            new { cmd = "write", nodeId = "ns=2;s=Line1.Machine1.Temperature", dataType = "Double", value = 73.25 },
            new { cmd = "read", nodes = new[] { new { nodeId = "ns=2;s=Line1.Machine1.Temperature", attributeId = 13 } } },
            new { cmd = "write", nodeId = "ns=2;s=Line1.Machine1.Temperature", dataType = "String", value = "hot" },
            new { cmd = "write", nodeId = "ns=2;s=Line1.Machine1.Counter", dataType = "Int32", value = 1 },
            new { cmd = "write", nodeId = "ns=2;s=Line1.Machine1.Samples", dataType = "Double", value = new[] { 9.0, 8.0 }, array = true },
        ]);

        Assert.Equal("Good", result.Results[0].GetProperty("status").GetString());
        Assert.Equal(73.25, result.Results[1][0].GetProperty("value").GetDouble());
        Assert.Equal("BadTypeMismatch", result.Results[2].GetProperty("status").GetString());
        Assert.Equal("BadNotWritable", result.Results[3].GetProperty("status").GetString());
        Assert.Equal("Good", result.Results[4].GetProperty("status").GetString());
        Assert.Equal(Variant.Array(BuiltInType.Double, new[] { 9.0, 8.0 }),
            ((VariableNode)server.AddressSpace.Find(TestServer.Samples)!).Value.Value);
    });

    [Fact]
    public Task node_opcua_reads_the_NamespaceArray_ServerStatus_and_OperationLimits() => Run(async server =>
    {
        var result = await RunClientAsync(server,
        [
            new { cmd = "read", nodes = new[] { new { nodeId = "i=2255", attributeId = 13 }, new { nodeId = "i=2259", attributeId = 13 }, new { nodeId = "i=11705", attributeId = 13 } } },
            new { cmd = "server-status" },
        ]);

        var reads = result.Results[0];
        var namespaces = reads[0].GetProperty("value").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["http://opcfoundation.org/UA/", "urn:iiot:test:server", TestServer.NamespaceUri], namespaces);
        Assert.Equal(0, reads[1].GetProperty("value").GetInt32()); // Running
        Assert.Equal(10_000, reads[2].GetProperty("value").GetInt32());
        var status = result.Results[1];
        Assert.Equal("Good", status.GetProperty("status").GetString());
        Assert.Equal(0, status.GetProperty("state").GetInt32());
        Assert.Equal("urn:iiot:opcua", status.GetProperty("productUri").GetString());
        var now = DateTime.Parse(status.GetProperty("currentTime").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.True(Math.Abs((DateTime.UtcNow - now).TotalMinutes) < 1, $"CurrentTime {now:O}");
    });

    [Fact]
    public Task Several_node_opcua_clients_at_once_are_served_while_another_connection_sends_garbage() => Run(async server =>
    {
        using var garbage = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await garbage.ConnectAsync("127.0.0.1", server.Port);
        var clients = Enumerable.Range(0, 3).Select(i => RunClientAsync(server,
        [
            new { cmd = "write", nodeId = "ns=2;s=Line1.Machine1.Name", dataType = "String", value = $"client-{i}" },
            new { cmd = "read", nodes = new[] { new { nodeId = "ns=2;s=Line1.Machine1.Counter", attributeId = 13 } } },
        ], user: i % 2 == 0 ? null : "operator", password: i % 2 == 0 ? null : "secret-1")).ToArray();
        await garbage.SendAsync(new byte[] { 0x48, 0x45, 0x4C, 0x46, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3 });

        var results = await Task.WhenAll(clients);

        Assert.All(results, r => Assert.Equal("Good", r.Results[0].GetProperty("status").GetString()));
        Assert.All(results, r => Assert.Equal(7, r.Results[1][0].GetProperty("value").GetInt32()));
        Assert.StartsWith("client-", (string)((VariableNode)server.AddressSpace.Find(TestServer.Name)!).Value.Value.Value!, StringComparison.Ordinal);
    });

    private static Dictionary<uint, string> Expected(string nodeId)
    {
        var common = new Dictionary<uint, string>
        {
            [AttributeIds.NodeId] = "NodeId",
            [AttributeIds.NodeClass] = "Int32",
            [AttributeIds.BrowseName] = "QualifiedName",
            [AttributeIds.DisplayName] = "LocalizedText",
            [AttributeIds.Description] = "LocalizedText",
            [AttributeIds.WriteMask] = "UInt32",
            [AttributeIds.UserWriteMask] = "UInt32",
        };
        void Add(uint id, string type) => common[id] = type;
        switch (nodeId)
        {
            case "ns=2;s=Line1.Machine1":
                Add(AttributeIds.EventNotifier, "Byte");
                break;
            case "ns=2;s=Line1.Machine1.Temperature":
                Add(AttributeIds.Value, "Double");
                Add(AttributeIds.DataType, "NodeId");
                Add(AttributeIds.ValueRank, "Int32");
                Add(AttributeIds.ArrayDimensions, "UInt32");
                Add(AttributeIds.AccessLevel, "Byte");
                Add(AttributeIds.UserAccessLevel, "Byte");
                Add(AttributeIds.MinimumSamplingInterval, "Double");
                Add(AttributeIds.Historizing, "Boolean");
                Add(AttributeIds.AccessLevelEx, "UInt32");
                break;
            case "i=2004" or "i=11" or "i=884":
                Add(AttributeIds.IsAbstract, "Boolean");
                break;
            case "i=2368":
                Add(AttributeIds.IsAbstract, "Boolean");
                Add(AttributeIds.DataType, "NodeId");
                Add(AttributeIds.ValueRank, "Int32");
                Add(AttributeIds.ArrayDimensions, "UInt32");
                break;
            case "i=47":
                Add(AttributeIds.IsAbstract, "Boolean");
                Add(AttributeIds.Symmetric, "Boolean");
                Add(AttributeIds.InverseName, "LocalizedText");
                break;
        }

        return common;
    }

    private async Task<NodeOpcuaClient.Result> RunClientAsync(OpcUaServer server, object[] commands, string? user = null, string? password = null, int maxReferencesPerNode = 0)
    {
        var result = await NodeOpcuaClient.RunAsync(Url(server), commands, user, password, maxReferencesPerNode, Timeout);
        Assert.True(result.Succeeded, $"node-opcua client failed ({result.ExitCode}): {result.Error}\n{result.Output}");
        Assert.Equal(commands.Length, result.Results.Count);
        return result;
    }

    // node-opcua dials 127.0.0.1 while the server announces "localhost": clients must cope with the difference.
    private static string Url(OpcUaServer server) => $"opc.tcp://127.0.0.1:{server.Port}";

    private static Task Run(Func<OpcUaServer, Task> test, string? hostName = null) => RunCore(test, hostName).WaitAsync(Timeout + TimeSpan.FromSeconds(30));

    private static async Task RunCore(Func<OpcUaServer, Task> test, string? hostName)
    {
        var options = TestServer.Options(hostName: hostName);
        await using var server = await TestServer.StartAsync(options);
        await test(server);
    }
}
