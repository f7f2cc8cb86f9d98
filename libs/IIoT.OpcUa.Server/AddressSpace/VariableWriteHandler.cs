using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server;

/// <summary>
/// Called for a client's Write of the Value attribute after the server's own checks (access level, data type,
/// value rank) have passed. Return Good to accept (the server then stores the value) or a Bad_ status
/// (e.g. BadOutOfRange) that becomes the write result. Runs on the request's thread; keep it quick.
/// </summary>
public delegate uint VariableWriteHandler(VariableNode node, DataValue value);
