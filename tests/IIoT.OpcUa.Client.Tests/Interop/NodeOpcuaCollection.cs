namespace IIoT.OpcUa.Client.Tests.Interop;

/// <summary>
/// The interop test classes share one node-opcua server with 10,000 variables instead of starting one each: on a
/// 2-core machine five such servers at once would make the timing-sensitive reconnect tests flaky.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NodeOpcuaCollection : ICollectionFixture<ClientTestServerFixture>
{
    public const string Name = "node-opcua client interop";
}
