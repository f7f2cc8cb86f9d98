using IIoT.OpcUa.Client;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Simulators.OpcUa;

namespace IIoT.Simulators.Tests.OpcUa;

/// <summary>The simulator's address space as our client sees it: structure, data types, EU and EURange, changing values.</summary>
public sealed class AddressSpaceTests
{
    [Fact]
    public Task Objects_hold_site_area_line_machine_with_typed_signal_variables() => Run(async () =>
    {
        await using var sim = await SimLine.StartAsync();
        var ns = sim.Ns;
        Assert.True(ns > 0, "namespace urn:iiot:sim:line1 registered");

        var site = Assert.Single(await sim.Session.BrowseAsync(new NodeId(ObjectIds.ObjectsFolder)), r => r.BrowseName == new QualifiedName(ns, "plant1"));
        var area = Assert.Single(await sim.Session.BrowseAsync(site.NodeId.NodeId), r => r.BrowseName.Name == "assembly");
        var line = Assert.Single(await sim.Session.BrowseAsync(area.NodeId.NodeId), r => r.BrowseName.Name == "line1");
        Assert.Equal(new NodeId("plant1.assembly.line1", ns), line.NodeId.NodeId);
        var machines = (await sim.Session.BrowseAsync(line.NodeId.NodeId)).Where(r => r.NodeClass == NodeClass.Object).Select(r => r.BrowseName.Name).Order();
        Assert.Equal(["m01", "m02", "m03"], machines);

        var signals = (await sim.Session.BrowseAsync(new NodeId("plant1.assembly.line1.m01", ns))).Where(r => r.NodeClass == NodeClass.Variable).ToDictionary(r => r.BrowseName.Name!);
        var expected = new Dictionary<string, uint>
        {
            ["state"] = DataTypeIds.String, ["state_code"] = DataTypeIds.Int32, ["sequence"] = DataTypeIds.Int64,
            ["parts_total"] = DataTypeIds.UInt32, ["parts_good"] = DataTypeIds.UInt32, ["parts_reject"] = DataTypeIds.UInt32,
            ["ideal_cycle_time"] = DataTypeIds.Double, ["actual_cycle_time"] = DataTypeIds.Double, ["temperature"] = DataTypeIds.Double,
            ["spindle_speed"] = DataTypeIds.Double, ["power"] = DataTypeIds.Double,
        };
        Assert.Equal(expected.Keys.Order(), signals.Keys.Order());
        foreach (var (name, dataType) in expected)
        {
            var id = sim.Id("m01", name);
            Assert.Equal(id, signals[name].NodeId.NodeId);
            var read = await sim.Session.ReadAsync(id, AttributeIds.DataType);
            Assert.Equal(new NodeId(dataType), read.Value.Value);
            var value = await sim.Session.ReadAsync(id);
            Assert.Equal(StatusCode.Good, value.Status);
        }

        Assert.Equal(new NodeId(VariableTypeIds.AnalogItemType), signals["temperature"].TypeDefinition.NodeId);
        Assert.Equal(new NodeId(VariableTypeIds.BaseDataVariableType), signals["state"].TypeDefinition.NodeId);
        Assert.IsType<string>((await sim.Session.ReadAsync(sim.Id("m01", "state"))).Value.Value);
    });

    [Theory]
    [InlineData("temperature", "degC", "CEL", 0, 150)]
    [InlineData("power", "kW", "KWT", 0, 15)]
    [InlineData("spindle_speed", "rpm", "RPM", 0, 12000)]
    [InlineData("actual_cycle_time", "s", "SEC", 0, 24)]
    public Task Analog_items_carry_EURange_and_UNECE_EngineeringUnits(string signal, string unit, string code, double low, double high) => Run(async () =>
    {
        await using var sim = await SimLine.StartAsync();
        var properties = await sim.Session.BrowseAsync(sim.Id("m01", signal));
        var range = Assert.Single(properties, r => r.BrowseName == new QualifiedName(0, "EURange"));
        var units = Assert.Single(properties, r => r.BrowseName == new QualifiedName(0, "EngineeringUnits"));

        var rangeValue = (await sim.Session.ReadAsync(range.NodeId.NodeId)).Value.Value as ExtensionObject;
        Assert.True(ExtensionObjects.TryUnwrap<IIoT.OpcUa.Types.Structures.Range>(rangeValue, IIoT.OpcUa.Types.Structures.Range.BinaryEncodingId, out var r));
        Assert.Equal(low, r!.Low);
        Assert.Equal(high, r.High);
        var euValue = (await sim.Session.ReadAsync(units.NodeId.NodeId)).Value.Value as ExtensionObject;
        Assert.True(ExtensionObjects.TryUnwrap<EUInformation>(euValue, EUInformation.BinaryEncodingId, out var eu));
        Assert.Equal("http://www.opcfoundation.org/UA/units/un/cefact", eu!.NamespaceUri);
        Assert.Equal(EngineeringUnits.UnitId(code), eu.UnitId);
        Assert.Equal(unit, eu.DisplayName.Text);
        Assert.Equal(new NodeId(DataTypeIds.EUInformation), (await sim.Session.ReadAsync(units.NodeId.NodeId, AttributeIds.DataType)).Value.Value);
    });

    [Fact]
    public void UnitId_follows_the_UNECE_encoding_of_OPC_10000_8() => Assert.Equal(4408652, EngineeringUnits.UnitId("CEL"));

    [Fact]
    public Task Values_change_every_tick_with_source_timestamps() => Run(async () =>
    {
        await using var sim = await SimLine.StartAsync();
        var before = await sim.Session.ReadAsync(sim.Id("m02", "sequence"));

        await sim.Host.StepAsync();
        await sim.Host.StepAsync();

        var after = await sim.Session.ReadAsync(sim.Id("m02", "sequence"));
        Assert.Equal((long)before.Value.Value! + 2, after.Value.Value);
        Assert.True(after.SourceTimestamp.ToDateTime() > before.SourceTimestamp.ToDateTime() || after.SourceTimestamp.ToDateTime() == before.SourceTimestamp.ToDateTime());
        Assert.InRange(after.SourceTimestamp.ToDateTime(), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));
        var temperature = (double)(await sim.Session.ReadAsync(sim.Id("m02", "temperature"))).Value.Value!;
        Assert.InRange(temperature, 20, 100);
        var state = (string)(await sim.Session.ReadAsync(sim.Id("m02", "state"))).Value.Value!;
        var code = (int)(await sim.Session.ReadAsync(sim.Id("m02", "state_code"))).Value.Value!;
        Assert.Contains(state, new[] { "running", "idle", "setup", "fault" });
        Assert.Equal(state, ((IIoT.Simulators.Model.MachineState)code).ToString().ToLowerInvariant());
    });

    [Fact]
    public Task A_subscription_receives_the_model_changes() => Run(async () =>
    {
        await using var sim = await SimLine.StartAsync();
        await using var subscription = await sim.Session.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(50) });
        var items = await subscription.AddMonitoredItemsAsync([new MonitoredItemOptions { NodeId = sim.Id("m01", "sequence"), SamplingInterval = 50, QueueSize = 10 }]);
        Assert.Equal(MonitoredItemState.Active, items[0].State);
        var first = (long)(await NextValueAsync(subscription)).Value.Value!;

        await sim.Host.StepAsync();

        var next = await NextValueAsync(subscription);
        Assert.Equal(first + 1, next.Value.Value);
        Assert.Equal(StatusCode.Good, next.Status);
    });

    internal static async Task<DataValue> NextValueAsync(Subscription subscription)
    {
        while (true)
        {
            var batch = await subscription.Notifications.ReadAsync();
            if (batch.Values.Length > 0)
            {
                return batch.Values[^1].Value;
            }
        }
    }

    private static Task Run(Func<Task> test) => test().WaitAsync(SimLine.Timeout);
}
