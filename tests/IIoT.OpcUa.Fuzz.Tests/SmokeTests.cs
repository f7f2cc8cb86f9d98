using IIoT.OpcUa.Fuzz;

namespace IIoT.OpcUa.Fuzz.Tests;

/// <summary>
/// Every fuzz target for a few seconds, uninstrumented: the seed corpus first, then seeded mutations. Deterministic
/// inputs (fixed seed), time-boxed count. A failure prints the input as hex; save it under Regressions/&lt;target&gt;/.
/// </summary>
public sealed class SmokeTests
{
    private static readonly TimeSpan PerTarget = TimeSpan.FromSeconds(4);

    public static TheoryData<string> TargetNames() => [.. Targets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Smoke_run_breaks_no_property(string name)
    {
        var target = Targets.Named(name);
        var corpus = SmokeRunner.LoadCorpus(SmokeRunner.CorpusFolder(name));
        Assert.NotEmpty(corpus);

        var result = SmokeRunner.Run(target, corpus, PerTarget, seed: 20261126);

        Assert.True(result.Failures.Count == 0, string.Join("\n", result.Failures.Select(f => $"{Convert.ToHexString(f.Input)}: {f.Failure}")));
        // The corpus alone is not a smoke run; the mutator must have had a real go.
        Assert.True(result.Executions > corpus.Count + 100, $"{result.Executions} executions");
    }

    /// <summary>afl/libfuzzer modes check the name against this list before any instrumented code may run.</summary>
    [Fact]
    public void Target_name_list_matches_the_targets()
    {
        Assert.Equal(Targets.Names, Targets.All.Select(t => t.Name));
    }

    [Fact]
    public void Smoke_runner_reports_a_broken_property_with_its_input()
    {
        var broken = new FuzzTarget("broken", "throws on inputs starting with 0x42", input =>
        {
            if (input.Length > 0 && input.Span[0] == 0x42) throw new InvalidOperationException("boom");
        });

        var result = SmokeRunner.Run(broken, [[0x41, 0x00], [0x42]], TimeSpan.FromMilliseconds(200));

        var (input, failure) = Assert.Single(result.Failures.Take(1));
        Assert.Equal(0x42, input[0]);
        Assert.IsType<InvalidOperationException>(failure);
    }
}
