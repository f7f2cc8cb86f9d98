using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Types.Tests.Properties;

/// <summary>Minimal repros of what the properties found in IIoT.OpcUa.Types; skipped until fixed there.</summary>
public sealed class KnownIssueTests
{
    /// <summary>
    /// 0x82 = numeric NodeId + NamespaceUri flag, ns=5, id=7, uri "u". The reader returns ns=5 with the URI, the writer
    /// then sends ns=0 (OPC 10000-6 §5.2.2.10), so the value changes on a second decode.
    /// </summary>
    [Fact]
    public void ExpandedNodeId_with_uri_and_nonzero_index_is_stable_through_decode_encode_decode()
    {
        var bytes = Codec.Hex("82 0500 07000000 01000000 75");
        var first = Codec.Decode(bytes, static (ref UaBinaryReader r) => r.ReadExpandedNodeId());
        var again = Codec.Decode(Codec.Encode(w => w.WriteExpandedNodeId(first)), static (ref UaBinaryReader r) => r.ReadExpandedNodeId());
        Assert.Equal(first, again);
    }

    /// <summary>
    /// TypeId g=00000000-... (a null NodeId, OPC 10000-3 §8.2.4) with encoding None: decoded as ExtensionObject.Null
    /// (TypeId i=0), which is not Equal to the value that was encoded and re-encodes to different bytes.
    /// </summary>
    [Fact]
    public void ExtensionObject_with_a_null_guid_TypeId_round_trips()
    {
        var value = new ExtensionObject(new NodeId(Guid.Empty), ExtensionObjectEncoding.None, []);
        var bytes = Codec.Encode(w => w.WriteExtensionObject(value));
        var decoded = Codec.Decode(bytes, static (ref UaBinaryReader r) => r.ReadExtensionObject());
        Assert.Equal(value, decoded);
        Assert.Equal(bytes, Codec.Encode(w => w.WriteExtensionObject(decoded)));
    }
}
