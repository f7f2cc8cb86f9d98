namespace IIoT.OpcUa.Cli;

/// <summary>A command failed for a reason the user should read (exit code 1); the message names the OPC UA status.</summary>
internal sealed class CliFailure(string message) : Exception(message);
