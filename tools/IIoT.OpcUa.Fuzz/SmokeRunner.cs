using System.Diagnostics;

namespace IIoT.OpcUa.Fuzz;

/// <summary>
/// In-process, uninstrumented fuzzing: every corpus entry as it is, then seeded mutations until the time is up. Cheap
/// enough for the test suite; the long campaign is afl++/libFuzzer with the instrumented build (README.md).
/// </summary>
internal static class SmokeRunner
{
    /// <summary>A single input taking longer than this counts as a hang.</summary>
    public static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(6);

    public static SmokeResult Run(FuzzTarget target, IReadOnlyList<byte[]> corpus, TimeSpan duration, int seed = 1, int maxFailures = 5)
    {
        if (corpus.Count == 0) corpus = [[]];
        var failures = new List<(byte[], Exception)>();
        var mutator = new Mutator(seed);
        var clock = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        long executions = 0;
        var next = 0;
        while (failures.Count < maxFailures && (next < corpus.Count || clock.Elapsed < duration))
        {
            var input = next < corpus.Count ? corpus[next++] : mutator.Mutate(corpus);
            var started = clock.Elapsed;
            var failure = Replay(target, input);
            var took = clock.Elapsed - started;
            if (took > slowest) slowest = took;
            if (failure is null && took > SlowInput) failure = new FuzzFailure($"{target.Name}: one input took {took.TotalSeconds:F1} s");
            if (failure is not null) failures.Add((input, failure));
            executions++;
        }
        return new SmokeResult(target.Name, executions, slowest, failures);
    }

    /// <summary>Runs one input; null when every property held.</summary>
    public static Exception? Replay(FuzzTarget target, byte[] input)
    {
        try
        {
            target.Execute(input);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    public static IReadOnlyList<byte[]> LoadCorpus(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)]
            : [];

    /// <summary>Corpus/&lt;target&gt; next to the executable (copied there by the build).</summary>
    public static string CorpusFolder(string target) => Path.Combine(AppContext.BaseDirectory, "Corpus", target);
}
