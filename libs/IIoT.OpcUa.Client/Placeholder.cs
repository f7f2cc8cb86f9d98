namespace IIoT.OpcUa.Client;

internal static class AssemblyMarker;
