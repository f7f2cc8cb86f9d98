using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Types.Tests.Structures;

/// <summary>The generated service structures: golden bytes, round trips, truncation and encoding ids.</summary>
public sealed class ServiceStructureTests
{
    // RequestHeader built by hand from PROTOCOL-NOTES §6 (field order) and §5 (built-in encodings).
    private static readonly byte[] RequestHeaderGolden = Codec.Hex(
        "01 00 D2 04" +                  // AuthenticationToken: four-byte NodeId ns=0 i=1234
        "08 07 06 05 04 03 02 01" +      // Timestamp: Int64 ticks 0x0102030405060708
        "2A 00 00 00" +                  // RequestHandle 42
        "00 00 00 00" +                  // ReturnDiagnostics 0
        "02 00 00 00 61 62" +            // AuditEntryId "ab"
        "10 27 00 00" +                  // TimeoutHint 10000 ms
        "00 00 00");                     // AdditionalHeader: null ExtensionObject

    public static TheoryData<string> Samples => ["RequestHeader", "ResponseHeader", "ReadRequest", "BrowseResponse",
        "CreateMonitoredItemsRequest", "OpenSecureChannelRequest"];

    [Fact]
    public void RequestHeader_encodes_to_the_hand_built_bytes()
    {
        Assert.Equal(RequestHeaderGolden, StructureCodec.Encode(StructureSamples.RequestHeader()));
    }

    [Fact]
    public void RequestHeader_decodes_the_hand_built_bytes()
    {
        var header = StructureCodec.Decode<RequestHeader>(RequestHeaderGolden);

        Assert.Equal(new NodeId(1234), header.AuthenticationToken);
        Assert.Equal(0x0102030405060708, header.Timestamp.Ticks);
        Assert.Equal(42u, header.RequestHandle);
        Assert.Equal(0u, header.ReturnDiagnostics);
        Assert.Equal("ab", header.AuditEntryId);
        Assert.Equal(10000u, header.TimeoutHint);
        Assert.Equal(ExtensionObject.Null, header.AdditionalHeader);
    }

    [Fact]
    public void ResponseHeader_round_trips()
    {
        var decoded = StructureCodec.RoundTrip(StructureSamples.ResponseHeader());

        Assert.Equal(StatusCodes.BadNodeIdUnknown, decoded.ServiceResult.Code);
        Assert.Equal(new string?[] { "s0", null, "" }, Assert.IsType<string?[]>(decoded.StringTable));
        Assert.Equal("why", decoded.ServiceDiagnostics.AdditionalInfo);
        Assert.Equal(new NodeId(7, 2), decoded.AdditionalHeader.TypeId);
    }

    [Fact]
    public void ReadRequest_round_trips_with_its_ReadValueIds()
    {
        var decoded = StructureCodec.RoundTrip(StructureSamples.ReadRequest());

        Assert.Equal(250.5, decoded.MaxAge);
        Assert.Equal(TimestampsToReturn.Both, decoded.TimestampsToReturn);
        Assert.Equal("ab", decoded.RequestHeader.AuditEntryId);
        var nodes = Assert.IsType<ReadValueId[]>(decoded.NodesToRead);
        Assert.Equal(2, nodes.Length);
        Assert.Equal(new NodeId(2258), nodes[0].NodeId);
        Assert.Equal(AttributeIds.Value, nodes[0].AttributeId);
        Assert.Null(nodes[0].IndexRange);
        Assert.Equal(new NodeId("Line1.Press", 3), nodes[1].NodeId);
        Assert.Equal("1:2", nodes[1].IndexRange);
        Assert.Equal(new QualifiedName(0, "Default Binary"), nodes[1].DataEncoding);
    }

    [Fact]
    public void ReadRequest_body_starts_with_its_header_then_MaxAge()
    {
        var bytes = StructureCodec.Encode(StructureSamples.ReadRequest());

        Assert.Equal(RequestHeaderGolden, bytes[..RequestHeaderGolden.Length]);
        Assert.Equal(BitConverter.GetBytes(250.5), bytes[RequestHeaderGolden.Length..(RequestHeaderGolden.Length + 8)]);
        Assert.Equal(Codec.Int32Le(2), bytes[(RequestHeaderGolden.Length + 8)..(RequestHeaderGolden.Length + 12)]);
    }

    [Fact]
    public void BrowseResponse_round_trips_with_references_and_diagnostics()
    {
        var decoded = StructureCodec.RoundTrip(StructureSamples.BrowseResponse());

        var results = Assert.IsType<BrowseResult[]>(decoded.Results);
        Assert.Equal([9, 8, 7], results[0].ContinuationPoint);
        var reference = Assert.Single(Assert.IsType<ReferenceDescription[]>(results[0].References));
        Assert.Equal(new ExpandedNodeId(new NodeId(5001), "urn:sim", 1), reference.NodeId);
        Assert.Equal(NodeClass.Object, reference.NodeClass);
        Assert.Equal(new LocalizedText("en", "Press"), reference.DisplayName);
        Assert.Null(results[1].References);
        Assert.Equal(StatusCodes.BadNodeIdUnknown, results[1].StatusCode.Code);
        var diagnostic = Assert.Single(Assert.IsType<DiagnosticInfo[]>(decoded.DiagnosticInfos));
        Assert.Equal(StatusCodes.BadInternalError, diagnostic.InnerStatusCode?.Code);
    }

    [Fact]
    public void CreateMonitoredItemsRequest_round_trips_with_a_DataChangeFilter_body()
    {
        var decoded = StructureCodec.RoundTrip(StructureSamples.CreateMonitoredItemsRequest());

        Assert.Equal(17u, decoded.SubscriptionId);
        var item = Assert.Single(Assert.IsType<MonitoredItemCreateRequest[]>(decoded.ItemsToCreate));
        Assert.Equal(MonitoringMode.Reporting, item.MonitoringMode);
        Assert.Equal(new NodeId(5001, 2), item.ItemToMonitor.NodeId);
        Assert.True(item.RequestedParameters.DiscardOldest);
        Assert.Equal(new NodeId(724), item.RequestedParameters.Filter.TypeId);
        var filter = StructureCodec.Decode<DataChangeFilter>(item.RequestedParameters.Filter.Body.ToArray());
        Assert.Equal(DataChangeTrigger.StatusValueTimestamp, filter.Trigger);
        Assert.Equal(0.5, filter.DeadbandValue);
    }

    [Fact]
    public void OpenSecureChannelRequest_round_trips()
    {
        var decoded = StructureCodec.RoundTrip(StructureSamples.OpenSecureChannelRequest());

        Assert.Equal(SecurityTokenRequestType.Renew, decoded.RequestType);
        Assert.Equal(MessageSecurityMode.SignAndEncrypt, decoded.SecurityMode);
        Assert.Equal(32, decoded.ClientNonce?.Length);
        Assert.Equal(3_600_000u, decoded.RequestedLifetime);
        Assert.Equal(NodeId.Null, decoded.RequestHeader.AuthenticationToken);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_truncated_prefix_fails_with_UaDecodingException(string sample)
    {
        var (bytes, decode) = Decoder(sample);

        for (var length = 0; length < bytes.Length; length++)
        {
            var prefix = bytes[..length];
            // Assert.Throws is exact: any other exception type (IndexOutOfRange, ArgumentException) fails the test.
            Assert.Throws<UaDecodingException>(() => decode(prefix));
        }
        decode(bytes);
    }

    [Fact]
    public void An_array_count_larger_than_the_bytes_left_fails_before_allocation()
    {
        // 1,000,000 ReadValueIds claimed with 16 bytes left: refused by the minimum element size, not by running out.
        var bytes = Codec.Concat(RequestHeaderGolden, BitConverter.GetBytes(0.0), Codec.Int32Le(0), Codec.Int32Le(1_000_000), new byte[16]);

        var error = Assert.Throws<UaDecodingException>(() => StructureCodec.Decode<ReadRequest>(bytes));

        Assert.Contains("ReadRequest.NodesToRead", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_encoding_ids_are_the_CSV_values()
    {
        Assert.Equal(631u, ReadRequest.BinaryEncodingId);
        Assert.Equal(634u, ReadResponse.BinaryEncodingId);
        Assert.Equal(ObjectIds.ReadRequest_Encoding_DefaultBinary, ReadRequest.BinaryEncodingId);
        Assert.Equal(ObjectIds.ReadResponse_Encoding_DefaultBinary, ReadResponse.BinaryEncodingId);
        Assert.Equal(DataTypeIds.ReadRequest, ReadRequest.TypeId);
        Assert.Equal(629u, ReadRequest.TypeId);
        Assert.Equal(631u, ((IEncodeable)StructureSamples.ReadRequest()).BinaryEncodingId);
    }

    [Fact]
    public void Other_encoding_ids_match_the_notes_table()
    {
        Assert.Equal(391u, RequestHeader.BinaryEncodingId);
        Assert.Equal(394u, ResponseHeader.BinaryEncodingId);
        Assert.Equal(446u, OpenSecureChannelRequest.BinaryEncodingId);
        Assert.Equal(530u, BrowseResponse.BinaryEncodingId);
        Assert.Equal(751u, CreateMonitoredItemsRequest.BinaryEncodingId);
        Assert.Equal(724u, DataChangeFilter.BinaryEncodingId);
        Assert.Equal(397u, ServiceFault.BinaryEncodingId);
    }

    private static (byte[] Bytes, Action<byte[]> Decode) Decoder(string sample) => sample switch
    {
        "RequestHeader" => (StructureCodec.Encode(StructureSamples.RequestHeader()), b => StructureCodec.Decode<RequestHeader>(b)),
        "ResponseHeader" => (StructureCodec.Encode(StructureSamples.ResponseHeader()), b => StructureCodec.Decode<ResponseHeader>(b)),
        "ReadRequest" => (StructureCodec.Encode(StructureSamples.ReadRequest()), b => StructureCodec.Decode<ReadRequest>(b)),
        "BrowseResponse" => (StructureCodec.Encode(StructureSamples.BrowseResponse()), b => StructureCodec.Decode<BrowseResponse>(b)),
        "CreateMonitoredItemsRequest" => (StructureCodec.Encode(StructureSamples.CreateMonitoredItemsRequest()),
            b => StructureCodec.Decode<CreateMonitoredItemsRequest>(b)),
        "OpenSecureChannelRequest" => (StructureCodec.Encode(StructureSamples.OpenSecureChannelRequest()),
            b => StructureCodec.Decode<OpenSecureChannelRequest>(b)),
        _ => throw new ArgumentOutOfRangeException(nameof(sample)),
    };
}
