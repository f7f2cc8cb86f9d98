using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Types.Tests.Generated;

public sealed class NodeIdsTests
{
    // Values checked against the specification's NodeIds.csv and AttributeIds.csv.
    [Theory]
    [InlineData(ObjectIds.Server, 2253u)]
    [InlineData(ObjectIds.ReadRequest_Encoding_DefaultBinary, 631u)]
    [InlineData(VariableIds.Server_NamespaceArray, 2255u)]
    [InlineData(VariableIds.Server_ServerStatus, 2256u)]
    [InlineData(VariableIds.Server_ServerStatus_State, 2259u)]
    [InlineData(VariableIds.Topics_LastChange, 32856u)] // lives in the last VariableIds part file
    [InlineData(DataTypeIds.BaseDataType, 24u)]
    [InlineData(DataTypeIds.String, 12u)]
    [InlineData(ReferenceTypeIds.HierarchicalReferences, 33u)]
    [InlineData(ReferenceTypeIds.Organizes, 35u)]
    [InlineData(ObjectTypeIds.FolderType, 61u)]
    [InlineData(VariableTypeIds.BaseDataVariableType, 63u)]
    [InlineData(MethodIds.Server_GetMonitoredItems, 11492u)]
    public void Node_ids_have_the_specification_values(uint actual, uint expected) => Assert.Equal(expected, actual);

    [Theory]
    [InlineData(AttributeIds.NodeId, 1u)]
    [InlineData(AttributeIds.BrowseName, 3u)]
    [InlineData(AttributeIds.Value, 13u)]
    [InlineData(AttributeIds.AccessLevelEx, 27u)]
    public void Attribute_ids_have_the_specification_values(uint actual, uint expected) => Assert.Equal(expected, actual);
}
