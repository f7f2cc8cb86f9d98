using System.Globalization;

namespace IIoT.Bench.Buffer;

/// <summary>`bench buffer [--seconds 5] [--producers 64] [--batch 10] [--size 80] [--dir PATH]`; unknown flags are ignored.</summary>
internal sealed record BenchOptions(TimeSpan Duration, int Producers, int BatchSize, int RecordSize, string? Directory)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions(TimeSpan.FromSeconds(5), 64, 10, 80, null);
        for (var i = 0; i + 1 < args.Length; i++)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--seconds" => options with { Duration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--producers" => options with { Producers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--batch" => options with { BatchSize = int.Parse(value, CultureInfo.InvariantCulture) },
                "--size" => options with { RecordSize = int.Parse(value, CultureInfo.InvariantCulture) },
                "--dir" => options with { Directory = value },
                _ => options,
            };
        }
        return options;
    }
}
