using IIoT.OpcUa.Server.Tests.Kit;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Tests;

public sealed class AddressSpaceTests
{
    private readonly Server.AddressSpace _space = TestServer.CreateAddressSpace();

    [Fact]
    public void Standard_skeleton_has_the_folders_and_the_reference_type_hierarchy()
    {
        foreach (var id in new[] { ObjectIds.RootFolder, ObjectIds.ObjectsFolder, ObjectIds.TypesFolder, ObjectIds.ViewsFolder, ObjectIds.ObjectTypesFolder,
                     ObjectIds.VariableTypesFolder, ObjectIds.DataTypesFolder, ObjectIds.ReferenceTypesFolder, ObjectIds.Server })
        {
            Assert.IsType<ObjectNode>(_space.Find(new NodeId(id)));
        }

        Assert.True(_space.IsSubtypeOf(new NodeId(ReferenceTypeIds.HasProperty), new NodeId(ReferenceTypeIds.HierarchicalReferences)));
        Assert.True(_space.IsSubtypeOf(new NodeId(ReferenceTypeIds.HasSubtype), new NodeId(ReferenceTypeIds.HasChild)));
        Assert.True(_space.IsSubtypeOf(new NodeId(ReferenceTypeIds.HasTypeDefinition), new NodeId(ReferenceTypeIds.NonHierarchicalReferences)));
        Assert.False(_space.IsSubtypeOf(new NodeId(ReferenceTypeIds.HasTypeDefinition), new NodeId(ReferenceTypeIds.HierarchicalReferences)));
        Assert.True(_space.IsSubtypeOf(new NodeId(VariableTypeIds.AnalogItemType), new NodeId(VariableTypeIds.BaseDataVariableType)));
        Assert.True(_space.IsSubtypeOf(new NodeId(DataTypeIds.UtcTime), new NodeId(DataTypeIds.BaseDataType)));
        Assert.True(_space.IsSubtypeOf(new NodeId(ObjectTypeIds.FolderType), new NodeId(ObjectTypeIds.BaseObjectType)));
        for (uint builtIn = DataTypeIds.Boolean; builtIn <= DataTypeIds.DiagnosticInfo; builtIn++)
        {
            Assert.IsType<DataTypeNode>(_space.Find(new NodeId(builtIn)));
        }
    }

    [Fact]
    public void References_are_kept_in_both_directions()
    {
        var machine = _space.Find(TestServer.Machine)!;
        var temperature = _space.Find(TestServer.Temperature)!;

        Assert.Contains(new NodeReference(new NodeId(ReferenceTypeIds.HasComponent), false, TestServer.Temperature), machine.GetReferences());
        Assert.Contains(new NodeReference(new NodeId(ReferenceTypeIds.HasComponent), true, TestServer.Machine), temperature.GetReferences());
        Assert.Contains(new NodeReference(new NodeId(ReferenceTypeIds.HasTypeDefinition), false, new NodeId(VariableTypeIds.AnalogItemType)), temperature.GetReferences());
        Assert.Contains(new NodeReference(new NodeId(ReferenceTypeIds.Organizes), true, TestServer.Line), machine.GetReferences());
    }

    [Fact]
    public void Children_of_folders_are_organized_and_children_of_objects_are_components()
    {
        var pump = _space.AddObject(TestServer.Machine, new NodeId("Line1.Machine1.Pump", 2), "Pump");
        var folder = _space.AddFolder(TestServer.Machine, new NodeId("Line1.Machine1.Parts", 2), "Parts");
        var part = _space.AddObject(folder.NodeId, new NodeId("Line1.Machine1.Parts.P1", 2), "P1", referenceTypeId: new NodeId(ReferenceTypeIds.HasComponent));

        Assert.Contains(new NodeReference(new NodeId(ReferenceTypeIds.HasComponent), true, TestServer.Machine), pump.GetReferences());
        Assert.Contains(new NodeReference(new NodeId(ReferenceTypeIds.Organizes), true, TestServer.Machine), folder.GetReferences());
        Assert.Contains(new NodeReference(new NodeId(ReferenceTypeIds.HasComponent), true, folder.NodeId), part.GetReferences());
        Assert.Contains(new NodeReference(new NodeId(ReferenceTypeIds.HasTypeDefinition), false, new NodeId(ObjectTypeIds.BaseObjectType)), pump.GetReferences());
    }

    [Fact]
    public void RegisterNamespace_appends_once_and_updates_the_NamespaceArray()
    {
        var first = _space.RegisterNamespace("urn:another");
        var again = _space.RegisterNamespace("urn:another");

        Assert.Equal(3, first);
        Assert.Equal(first, again);
        Assert.Equal(2, _space.RegisterNamespace(TestServer.NamespaceUri));
        var array = (string[])_space.ReadAttribute(new NodeId(VariableIds.Server_NamespaceArray), AttributeIds.Value).Value.Value!;
        Assert.Equal(["http://opcfoundation.org/UA/", "urn:iiot:opcua:server", TestServer.NamespaceUri, "urn:another"], array);
    }

    [Fact]
    public void Adding_a_node_twice_or_under_a_missing_parent_or_type_is_refused()
    {
        Assert.Throws<ArgumentException>(() => _space.AddFolder(new NodeId(ObjectIds.ObjectsFolder), TestServer.Line, "Line1"));
        Assert.Throws<ArgumentException>(() => _space.AddFolder(new NodeId("missing", 2), new NodeId("x", 2), "x"));
        Assert.Throws<ArgumentException>(() => _space.AddObject(TestServer.Line, new NodeId("y", 2), "y", typeDefinition: new NodeId("no-type", 2)));
        Assert.Null(_space.Find(new NodeId("x", 2)));
        Assert.Null(_space.Find(new NodeId("y", 2)));
    }

    [Fact]
    public void ReadAttribute_gives_the_stored_value_without_allocating_and_Bad_statuses_for_the_rest()
    {
        var temperature = (VariableNode)_space.Find(TestServer.Temperature)!;
        temperature.SetValue(Variant.From(30.0), StatusCode.Good, UaDateTime.FromDateTime(DateTime.UtcNow));
        var id = TestServer.Temperature;
        _space.ReadAttribute(id, AttributeIds.Value);

        var before = GC.GetAllocatedBytesForCurrentThread();
        DataValue value = null!;
        for (var i = 0; i < 1000; i++)
        {
            value = _space.ReadAttribute(id, AttributeIds.Value);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(30.0, value.Value.Value);
        Assert.True(allocated < 1000, $"{allocated} bytes for 1000 reads");
        Assert.Equal(StatusCodes.BadNodeIdUnknown, _space.ReadAttribute(new NodeId("nope", 2), AttributeIds.Value).Status.Code);
        Assert.Equal(StatusCodes.BadAttributeIdInvalid, _space.ReadAttribute(TestServer.Machine, AttributeIds.Value).Status.Code);
        Assert.Equal(StatusCodes.BadNotReadable, _space.ReadAttribute(TestServer.Secret, AttributeIds.Value).Status.Code);
        Assert.Equal(new NodeId(DataTypeIds.Double), _space.ReadAttribute(id, AttributeIds.DataType).Value.Value);
    }

    [Fact]
    public void CheckReadable_gives_the_minimum_sampling_interval_and_the_status_for_a_monitored_item()
    {
        Assert.Equal(StatusCodes.Good, _space.CheckReadable(TestServer.Temperature, AttributeIds.Value, out var interval));
        Assert.Equal(100, interval);
        Assert.Equal(StatusCodes.BadNotReadable, _space.CheckReadable(TestServer.Secret, AttributeIds.Value, out _));
        Assert.Equal(StatusCodes.BadAttributeIdInvalid, _space.CheckReadable(TestServer.Machine, AttributeIds.Value, out _));
        Assert.Equal(StatusCodes.BadNodeIdUnknown, _space.CheckReadable(new NodeId("nope", 2), AttributeIds.Value, out _));
        Assert.Equal(StatusCodes.Good, _space.CheckReadable(TestServer.Machine, AttributeIds.BrowseName, out _));
    }

    [Fact]
    public void GetEuRange_finds_the_EURange_property_of_an_analog_item_and_null_elsewhere()
    {
        var range = _space.GetEuRange(TestServer.Temperature);

        Assert.NotNull(range);
        Assert.Equal(0, range.Low);
        Assert.Equal(150, range.High);
        Assert.Null(_space.GetEuRange(TestServer.Counter));
        Assert.Null(_space.GetEuRange(TestServer.Machine));
    }

    [Fact]
    public async Task SetValue_from_many_threads_while_reading_always_gives_a_whole_DataValue()
    {
        var variable = (VariableNode)_space.Find(TestServer.Temperature)!;
        variable.SetValue(Variant.From(0.0), StatusCode.Good, new UaDateTime(0));
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                // Status and timestamp carry the same number as the value: a torn read would show a mismatch.
                variable.SetValue(Variant.From((double)i), new StatusCode((uint)i << 16 & 0x3FFF0000), new UaDateTime(i));
            }
        })).ToArray();
        var mismatches = 0;
        var reader = Task.Run(() =>
        {
            while (!writers.All(t => t.IsCompleted))
            {
                var value = _space.ReadAttribute(TestServer.Temperature, AttributeIds.Value);
                if (value.Value.Value is double d && d > 0 && value.SourceTimestamp.Ticks != (long)d)
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        });

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));
        await reader.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, mismatches);
    }
}
