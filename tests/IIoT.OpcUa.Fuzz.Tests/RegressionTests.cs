using IIoT.OpcUa.Fuzz;

namespace IIoT.OpcUa.Fuzz.Tests;

/// <summary>
/// Regressions/&lt;target&gt;/*.bin: inputs that once broke a property (crashes from afl++/libFuzzer/smoke runs) and
/// hand-made hostile inputs (huge lengths, deep nesting, chunk floods). Each is replayed on every run.
/// </summary>
public sealed class RegressionTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Regressions");

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(folder), Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Regression_input_breaks_no_property(string target, string file)
    {
        var failure = SmokeRunner.Replay(Targets.Named(target), File.ReadAllBytes(Path.Combine(Root, target, file)));
        Assert.Null(failure);
    }

    [Fact]
    public void Every_regression_folder_names_a_target()
    {
        var folders = Directory.GetDirectories(Root).Select(Path.GetFileName).ToList();
        Assert.NotEmpty(folders);
        Assert.All(folders, f => Assert.Contains(Targets.All, t => t.Name == f));
    }
}
