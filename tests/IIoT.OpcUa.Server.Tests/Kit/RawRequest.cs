using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Tests.Kit;

/// <summary>Any bytes behind any encoding id: for requests the server cannot decode.</summary>
internal sealed class RawRequest(uint encodingId, byte[] body) : IEncodeable
{
    public uint BinaryEncodingId => encodingId;

    public void Encode(UaBinaryWriter writer) => writer.WriteRaw(body);
}
