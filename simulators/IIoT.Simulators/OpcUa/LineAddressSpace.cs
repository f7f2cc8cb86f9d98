using IIoT.OpcUa.Server;
using IIoT.OpcUa.Types;
using IIoT.Simulators.Model;

namespace IIoT.Simulators.OpcUa;

/// <summary>
/// Builds Objects/&lt;Site&gt;/&lt;Area&gt;/&lt;Line&gt;/&lt;Machine&gt; in namespace urn:iiot:sim:&lt;line&gt;, node ids
/// "s=&lt;site&gt;.&lt;area&gt;.&lt;line&gt;.&lt;machine&gt;.&lt;signal&gt;", for all machines or a subset (one endpoint per machine).
/// </summary>
internal static class LineAddressSpace
{
    public static (AddressSpace Space, MachineNodes[] Machines) Build(SimulatedLine line, IReadOnlyList<int> machineIndexes)
    {
        var space = new AddressSpace();
        var ns = space.RegisterNamespace(line.NamespaceUri);
        var siteId = new NodeId(line.Site, ns);
        var areaId = new NodeId($"{line.Site}.{line.Area}", ns);
        var lineId = new NodeId($"{line.Site}.{line.Area}.{line.Line}", ns);
        space.AddFolder(new NodeId(ObjectIds.ObjectsFolder), siteId, line.Site);
        space.AddFolder(siteId, areaId, line.Area);
        space.AddFolder(areaId, lineId, line.Line);
        var machines = new MachineNodes[machineIndexes.Count];
        for (var i = 0; i < machines.Length; i++)
        {
            var index = machineIndexes[i];
            machines[i] = new MachineNodes(space, ns, lineId, lineId.StringId, Model.ProductionLine.MachineName(index), line.MachineSpecs[index]);
        }

        return (space, machines);
    }

    /// <summary>The node id of a machine's signal ("&lt;site&gt;.&lt;area&gt;.&lt;line&gt;.&lt;machine&gt;.&lt;signal&gt;").</summary>
    public static string SignalId(SimulatedLine line, string machine, string signal) => $"{line.Site}.{line.Area}.{line.Line}.{machine}.{signal}";
}
