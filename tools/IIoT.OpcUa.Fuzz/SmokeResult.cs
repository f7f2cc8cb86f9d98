namespace IIoT.OpcUa.Fuzz;

/// <summary>What a smoke run did and what broke.</summary>
internal sealed record SmokeResult(string Target, long Executions, TimeSpan Slowest, IReadOnlyList<(byte[] Input, Exception Failure)> Failures);
