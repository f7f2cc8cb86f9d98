using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Types.Tests;

public sealed class NodeIdTextTests
{
    [Theory]
    [InlineData("i=2253")]
    [InlineData("ns=2;s=Name")]
    [InlineData("ns=2;s=a;b=c")]
    [InlineData("ns=65535;i=4294967295")]
    [InlineData("ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a")]
    [InlineData("ns=3;b=AQID")]
    public void ToString_and_Parse_round_trip(string text)
    {
        var id = NodeId.Parse(text);
        Assert.Equal(text, id.ToString());
        Assert.Equal(id, NodeId.Parse(id.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("x=1")]
    [InlineData("i=-1")]
    [InlineData("ns=70000;i=1")]
    [InlineData("ns=1")]
    [InlineData("g=not-a-guid")]
    [InlineData("b=***")]
    public void TryParse_rejects_malformed_text(string text) => Assert.False(NodeId.TryParse(text, out _));

    [Fact]
    public void Equality_compares_opaque_bytes_by_value()
    {
        var a = new NodeId([1, 2, 3], 4);
        var b = new NodeId([1, 2, 3], 4);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new NodeId([1, 2, 4], 4));
        Assert.NotEqual(new NodeId(1u, 0), new NodeId(1u, 1));
        Assert.NotEqual(new NodeId("1"), new NodeId(1u));
    }

    [Fact]
    public void Null_node_ids_of_every_kind()
    {
        Assert.True(NodeId.Null.IsNull);
        Assert.True(new NodeId("").IsNull);
        Assert.True(new NodeId(Guid.Empty).IsNull);
        Assert.False(new NodeId(0u, 1).IsNull);
    }

    [Theory]
    [InlineData("svr=1;nsu=http://x.org/UA;s=Name")]
    [InlineData("nsu=urn:a;b;i=5")]
    [InlineData("ns=2;i=7")]
    [InlineData("svr=3;ns=2;g=09087e75-8e5e-499b-954f-f2a9603db28a")]
    public void ExpandedNodeId_text_round_trip(string text)
    {
        var id = ExpandedNodeId.Parse(text);
        Assert.Equal(text, id.ToString());
    }

    [Fact]
    public void ExpandedNodeId_keeps_uri_containing_semicolon()
    {
        var id = ExpandedNodeId.Parse("nsu=urn:a;b;i=5");
        Assert.Equal("urn:a;b", id.NamespaceUri);
        Assert.Equal(5u, id.NodeId.NumericId);
    }
}
