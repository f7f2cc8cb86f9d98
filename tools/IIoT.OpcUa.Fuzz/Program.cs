using System.Security.Cryptography;
using IIoT.OpcUa.Fuzz;
using SharpFuzz;

// Usage (README.md has the long-campaign recipes):
//   list                                   targets and what they cover
//   afl <target>                           run under afl-fuzz (instrumented build, input on stdin)
//   libfuzzer <target>                     run under libfuzzer-dotnet
//   smoke <target|all> <seconds> [seed]    in-process mutation of the seed corpus, no instrumentation
//   replay <target> <file|folder>          run saved inputs (crashes, regressions) once each
//   seed <capture.hex> <corpus folder>     (re)write the seed corpus from a node-opcua capture
if (args.Length == 0) return Usage();

switch (args[0])
{
    case "list":
        foreach (var target in Targets.All) Console.WriteLine($"{target.Name,-12} {target.Description}");
        return 0;
    // Instrumented code (Types, Stack) may only run inside the fuzzer callback: before Fuzzer.Run sets up the
    // coverage map, its instrumentation writes to memory that is not there (AccessViolationException at startup).
    // So the target, whose statics touch the Stack, is looked up on the first input.
    case "afl" when args.Length == 2 && Targets.Exists(args[1]):
    {
        FuzzTarget? target = null;
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            target ??= Targets.Named(args[1]);
            target.Execute(memory.ToArray());
        });
        return 0;
    }
    case "libfuzzer" when args.Length == 2 && Targets.Exists(args[1]):
    {
        FuzzTarget? target = null;
        Fuzzer.LibFuzzer.Run(span =>
        {
            target ??= Targets.Named(args[1]);
            target.Execute(span.ToArray());
        });
        return 0;
    }
    case "smoke" when args.Length is 3 or 4:
    {
        var seconds = double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        var seed = args.Length == 4 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1;
        var failed = false;
        foreach (var target in args[1] == "all" ? Targets.All : [Targets.Named(args[1])])
        {
            var corpus = SmokeRunner.LoadCorpus(SmokeRunner.CorpusFolder(target.Name));
            var result = SmokeRunner.Run(target, corpus, TimeSpan.FromSeconds(seconds), seed);
            Console.WriteLine($"{target.Name}: {result.Executions} executions, {corpus.Count} seeds, slowest {result.Slowest.TotalMilliseconds:F0} ms, {result.Failures.Count} failures");
            foreach (var (input, failure) in result.Failures)
            {
                failed = true;
                var folder = Path.Combine("crashes", target.Name);
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, Convert.ToHexString(SHA1.HashData(input))[..16].ToLowerInvariant() + ".bin");
                File.WriteAllBytes(path, input);
                Console.WriteLine($"  {path}: {failure.GetType().Name}: {failure.Message}");
            }
        }
        return failed ? 1 : 0;
    }
    case "replay" when args.Length == 3:
    {
        var target = Targets.Named(args[1]);
        var files = Directory.Exists(args[2]) ? Directory.GetFiles(args[2]) : [args[2]];
        var failed = 0;
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var failure = SmokeRunner.Replay(target, File.ReadAllBytes(file));
            Console.WriteLine(failure is null ? $"ok   {file}" : $"FAIL {file}: {failure}");
            if (failure is not null) failed++;
        }
        return failed == 0 ? 0 : 1;
    }
    case "seed" when args.Length == 3:
        Seeds.Write(args[1], args[2]);
        return 0;
    default:
        return Usage();
}

static int Usage()
{
    Console.Error.WriteLine("usage: list | afl <target> | libfuzzer <target> | smoke <target|all> <seconds> [seed] | replay <target> <file|folder> | seed <capture.hex> <corpus>");
    return 2;
}
