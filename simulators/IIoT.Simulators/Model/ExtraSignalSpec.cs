namespace IIoT.Simulators.Model;

/// <summary>
/// A type-specific signal (e.g. mould pressure of an injection moulding machine): a Double AnalogItem with EURange
/// [Min, Max] that swings sinusoidally around the middle (80 % of the range) with the given period of model time.
/// </summary>
internal sealed record ExtraSignalSpec
{
    public required string Name { get; init; }
    public required string Unit { get; init; }
    public double Min { get; init; }
    public double Max { get; init; } = 100;
    public TimeSpan Period { get; init; } = TimeSpan.FromMinutes(1);
}
