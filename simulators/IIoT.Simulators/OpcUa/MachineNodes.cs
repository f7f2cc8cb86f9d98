using IIoT.OpcUa.Server;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Simulators.Model;

namespace IIoT.Simulators.OpcUa;

/// <summary>
/// The variables of one machine in an address space: the fixed signals of the model, the type's extra signals and
/// the generic extra tags; <see cref="Update"/> writes one tick's values with the tick's source timestamp.
/// </summary>
internal sealed class MachineNodes
{
    public static int FixedSignalCount => SignalNames.OpcUaFixed.Count;

    private readonly VariableNode[] _fixed = new VariableNode[FixedSignalCount];
    private readonly VariableNode[] _extras;
    private readonly ExtraSignalSpec[] _extraSpecs;
    private readonly double[] _extraPhase;
    private readonly VariableNode[] _tags;
    private readonly Dictionary<string, VariableNode> _byName = new(StringComparer.Ordinal);

    public MachineNodes(AddressSpace space, ushort ns, NodeId lineId, string prefix, string name, MachineTypeSpec spec)
    {
        Name = name;
        ObjectId = new NodeId($"{prefix}.{name}", ns);
        space.AddObject(lineId, ObjectId, name);
        var profile = spec.Profile;
        var i = 0;
        _fixed[i++] = Add(space, "state", new NodeId(DataTypeIds.String), Variant.From(MachineState.Running.ToWireName()));
        _fixed[i++] = Add(space, "state_code", new NodeId(DataTypeIds.Int32), Variant.From(0));
        _fixed[i++] = Add(space, "sequence", new NodeId(DataTypeIds.Int64), Variant.From(0L));
        _fixed[i++] = Add(space, "parts_total", new NodeId(DataTypeIds.UInt32), Variant.From(0u));
        _fixed[i++] = Add(space, "parts_good", new NodeId(DataTypeIds.UInt32), Variant.From(0u));
        _fixed[i++] = Add(space, "parts_reject", new NodeId(DataTypeIds.UInt32), Variant.From(0u));
        var ideal = profile.IdealCycleTime.TotalSeconds;
        _fixed[i++] = AddAnalog(space, "ideal_cycle_time", "s", 0, Math.Ceiling(ideal * 2));
        _fixed[i++] = AddAnalog(space, "actual_cycle_time", "s", 0, Math.Ceiling(ideal * 2));
        _fixed[i++] = AddAnalog(space, "temperature", "degC", 0, 150);
        _fixed[i++] = AddAnalog(space, "spindle_speed", "rpm", 0, Math.Ceiling(profile.SpindleSpeedRpm * 1.5));
        _fixed[i] = AddAnalog(space, "power", "kW", 0, Math.Ceiling(profile.RunningPowerKw * 2));

        _extraSpecs = [.. spec.ExtraSignals];
        _extras = [.. _extraSpecs.Select(s => AddAnalog(space, s.Name, s.Unit, s.Min, s.Max))];
        _extraPhase = [.. _extraSpecs.Select((_, k) => ExtraSignalValues.Phase(name, k))];
        _tags = new VariableNode[spec.ExtraTags];
        var tagsFolder = spec.ExtraTags > 0 ? new NodeId($"{ObjectId.StringId}.tags", ns) : null;
        if (tagsFolder is not null)
        {
            space.AddFolder(ObjectId, tagsFolder, "tags");
        }

        for (var t = 0; t < _tags.Length; t++)
        {
            var tagName = SignalNames.Tag(t);
            _tags[t] = space.AddVariable(tagsFolder!, new NodeId($"{ObjectId.StringId}.{tagName}", ns), tagName,
                new VariableOptions { DataType = new NodeId(DataTypeIds.Double), InitialValue = Variant.From(0.0) });
        }

        VariableNode Add(AddressSpace s, string signal, NodeId dataType, Variant initial)
        {
            var node = s.AddVariable(ObjectId, new NodeId($"{ObjectId.StringId}.{signal}", ns), signal,
                new VariableOptions { DataType = dataType, InitialValue = initial, TypeDefinition = new NodeId(VariableTypeIds.BaseDataVariableType) });
            _byName[signal] = node;
            return node;
        }

        VariableNode AddAnalog(AddressSpace s, string signal, string unit, double low, double high)
        {
            var id = new NodeId($"{ObjectId.StringId}.{signal}", ns);
            var node = s.AddVariable(ObjectId, id, signal, new VariableOptions
            {
                DataType = new NodeId(DataTypeIds.Double),
                TypeDefinition = new NodeId(VariableTypeIds.AnalogItemType),
                InitialValue = Variant.From(0.0),
            });
            s.AddEuRange(id, new NodeId(id.StringId + ".EURange", ns), low, high);
            s.AddProperty(id, new NodeId(id.StringId + ".EngineeringUnits", ns), new QualifiedName(0, "EngineeringUnits"),
                new NodeId(DataTypeIds.EUInformation), Variant.From(ExtensionObjects.Wrap(EngineeringUnits.For(unit))));
            _byName[signal] = node;
            return node;
        }
    }

    public string Name { get; }

    public NodeId ObjectId { get; }

    public int VariableCount => _fixed.Length + _extras.Length + _tags.Length;

    public static bool IsFixedSignal(string name) => SignalNames.OpcUaFixed.Contains(name, StringComparer.Ordinal);

    /// <summary>Signal variables by browse name (fixed and extra signals; tags are under "tags").</summary>
    public IReadOnlyDictionary<string, VariableNode> Signals => _byName;

    public void Update(in MachineSample s, long tick, double modelSeconds, UaDateTime timestamp, SignalOverrides overrides)
    {
        var i = 0;
        Set(_fixed[i++], Variant.From(s.State.ToWireName()));
        Set(_fixed[i++], Variant.From((int)s.State));
        Set(_fixed[i++], Variant.From(s.Sequence));
        Set(_fixed[i++], Variant.From(unchecked((uint)s.PartsTotal)));
        Set(_fixed[i++], Variant.From(unchecked((uint)s.PartsGood)));
        Set(_fixed[i++], Variant.From(unchecked((uint)s.PartsReject)));
        Set(_fixed[i++], Variant.From(s.IdealCycleTimeS));
        Set(_fixed[i++], Variant.From(s.ActualCycleTimeS));
        Set(_fixed[i++], Variant.From(s.TemperatureC));
        Set(_fixed[i++], Variant.From(s.SpindleSpeedRpm));
        Set(_fixed[i], Variant.From(s.PowerKw));

        for (var k = 0; k < _extras.Length; k++)
        {
            Set(_extras[k], Variant.From(ExtraSignalValues.Value(_extraSpecs[k], _extraPhase[k], modelSeconds)));
        }

        for (var t = 0; t < _tags.Length; t++)
        {
            Set(_tags[t], Variant.From(ExtraSignalValues.Tag(tick, t)));
        }

        void Set(VariableNode node, Variant value)
        {
            if (!overrides.IsEmpty && overrides.TryGet(node.NodeId, out var fault))
            {
                if (!fault.Frozen)
                {
                    node.SetValue(value, fault.Status, timestamp);
                }

                return;
            }

            node.SetValue(value, StatusCode.Good, timestamp);
        }
    }
}
