namespace IIoT.Simulators.Model;

/// <summary>Deterministic draws from <see cref="Random"/> (seeded, so its sequence is stable across runs).</summary>
internal static class SeededRandom
{
    /// <summary>
    /// One independent seed per machine. Not <see cref="HashCode"/>: it is randomised per process.
    /// SplitMix64 finaliser, so neighbouring (seed, index) pairs give unrelated streams.
    /// </summary>
    public static int MachineSeed(int lineSeed, int machineIndex)
    {
        unchecked
        {
            var z = ((ulong)(uint)lineSeed << 32 | (uint)machineIndex) + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFFFFFF);
        }
    }

    public static double Exponential(this Random random, double mean) => -mean * Math.Log(1.0 - random.NextDouble());

    public static double Uniform(this Random random, double min, double max) => min + (max - min) * random.NextDouble();

    /// <summary>Standard normal by Box-Muller (one value per call keeps the draw count per tick fixed).</summary>
    public static double Gaussian(this Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
