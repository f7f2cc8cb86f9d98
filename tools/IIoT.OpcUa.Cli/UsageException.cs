namespace IIoT.OpcUa.Cli;

/// <summary>The command line is wrong: the tool prints the message and the usage text and exits with 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
