namespace IIoT.OpcUa.Server;

internal static class AssemblyMarker;
