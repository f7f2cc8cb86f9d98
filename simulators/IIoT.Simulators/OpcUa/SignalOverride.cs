using IIoT.OpcUa.Types;

namespace IIoT.Simulators.OpcUa;

/// <summary>An injected fault on one variable: frozen (not updated) or sent with a non-Good status, until a time (UTC ticks; long.MaxValue = until cleared).</summary>
internal sealed record SignalOverride(bool Frozen, StatusCode Status, long UntilUtcTicks);
