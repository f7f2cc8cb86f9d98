using System.Text.Json;
using IIoT.Testing;

namespace IIoT.EndToEnd.Tests.OpcUa;

/// <summary>
/// Collecting by rule instead of by NodeId, with real processes: a Folders rule discovers the variables below the
/// line and names the machine from a browse-path level, BrowsePaths rules find nodes by name; units come from the
/// nodes' EngineeringUnits (EUInformation) because the configuration names none.
/// </summary>
public sealed class OpcUaAddressingTests
{
    private const string Ns = OpcUaPipeline.Namespace;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(25);

    [Fact(Timeout = 90_000)]
    public async Task OPC_folder_and_browse_path_rules_give_machine_tags_signal_names_and_units_in_InfluxDB()
    {
        await using var pipeline = await OpcUaPipeline.StartAsync(machines: 2, settings =>
        {
            OpcUaPipeline.RemoveNodes(settings);
            // Group 0: everything named sequence or temperature below the line folder; the machine is the first level below it.
            const string folder = OpcUaPipeline.GroupPrefix + "Folders:0:";
            settings[folder + "Root"] = $"nsu={Ns};s=plant1.assembly.line1";
            settings[folder + "MaxDepth"] = "2";
            settings[folder + "Include"] = "sequence,temperature";
            settings[folder + "MachineLevel"] = "1";
            // Group 1: two browse paths from the Objects folder, one renamed, one keeping the last element's name.
            const string paths = "OpcUa:Endpoints:0:Groups:1:";
            settings[paths + "Name"] = "paths";
            settings[paths + "SamplingInterval"] = "00:00:00.100";
            settings[paths + "PublishingInterval"] = "00:00:00.250";
            settings[paths + "BrowsePaths:0:Path"] = Path("m02", "power");
            settings[paths + "BrowsePaths:0:Machine"] = "m02";
            settings[paths + "BrowsePaths:0:Signal"] = "power_kw";
            settings[paths + "BrowsePaths:1:Path"] = Path("m01", "spindle_speed");
            settings[paths + "BrowsePaths:1:Machine"] = "m01";
        });

        string[] expected = ["m01/sequence", "m01/temperature", "m02/sequence", "m02/temperature", "m01/spindle_speed", "m02/power_kw"];
        List<Dictionary<string, JsonElement>> rows = [];
        try
        {
            await Wait.UntilAsync(async () =>
            {
                rows = await pipeline.Influx.RowsAsync(OpcUaPipeline.Tenant, "SELECT last(\"value\") FROM /.*/ GROUP BY \"machine\", \"unit\", \"source\"");
                return expected.All(e => rows.Any(r => Key(r) == e));
            }, Patience, "every rule's series in InfluxDB", TimeSpan.FromMilliseconds(300));
        }
        catch (TimeoutException e)
        {
            Assert.Fail(e.Message + " found: " + string.Join(", ", rows.Select(Key)) + pipeline.Diagnostics());
        }

        // Exactly the rules' variables: no properties (EURange, EngineeringUnits), no other signal, no failed item.
        Assert.Equal(expected.Order(), rows.Select(Key).Order());
        Assert.All(rows, r => Assert.Equal("opcua:line1", r["source"].GetString()));
        Assert.Equal("degC", Unit(rows, "m01/temperature"));
        Assert.Equal("degC", Unit(rows, "m02/temperature"));
        Assert.Equal("rpm", Unit(rows, "m01/spindle_speed"));
        Assert.Equal("kW", Unit(rows, "m02/power_kw"));
        Assert.Null(Unit(rows, "m01/sequence")); // a plain Int64 without EngineeringUnits has no unit

        var health = (await pipeline.OpcUaHealthAsync())[0];
        Assert.Equal(6, health.GetProperty("itemsMonitored").GetInt32());
        Assert.Equal(0, health.GetProperty("itemsFailed").GetInt32());

        // The folder rule's series carry the usual contiguous sequence: discovered items are collected like explicit ones.
        await pipeline.WaitForSequenceAsync(2, count: 6, Patience);
        var sequences = await pipeline.SequencesAsync();
        Assert.True(OpcUaPipeline.Holes(sequences).Count == 0, "missing: " + string.Join(",", OpcUaPipeline.Holes(sequences)));
    }

    private static string Path(string machine, string signal) =>
        string.Join("", new[] { "plant1", "assembly", "line1", machine, signal }.Select(name => $"/nsu={Ns}:{name}"));

    private static string Key(Dictionary<string, JsonElement> row) => $"{row["machine"].GetString()}/{row["_measurement"].GetString()}";

    private static string? Unit(List<Dictionary<string, JsonElement>> rows, string key)
    {
        var unit = rows.Single(r => Key(r) == key)["unit"];
        return unit.ValueKind == JsonValueKind.String && unit.GetString() is { Length: > 0 } text ? text : null;
    }
}
