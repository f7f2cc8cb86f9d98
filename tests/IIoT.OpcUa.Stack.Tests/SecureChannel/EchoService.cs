using System.Collections.Concurrent;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Stack.Tests.SecureChannel;

/// <summary>
/// Answers a ReadRequest with one UInt32 value per node (the node's numeric id) and echoes the RequestHandle.
/// A handle with a gate waits until the test opens it, so responses can be made to leave out of order.
/// </summary>
internal sealed class EchoService
{
    private readonly ConcurrentDictionary<uint, TaskCompletionSource> _gates = new();

    public int Received;

    public int Handled;

    public TaskCompletionSource Gate(uint requestHandle) =>
        _gates.GetOrAdd(requestHandle, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask<IEncodeable> HandleAsync(uint encodingId, ReadOnlyMemory<byte> body)
    {
        if (encodingId != ReadRequest.BinaryEncodingId)
        {
            return new ServiceFault { ResponseHeader = new ResponseHeader { ServiceResult = new StatusCode(StatusCodes.BadServiceUnsupported) } };
        }

        var request = new ServiceMessage(encodingId, body).Decode<ReadRequest>();
        var handle = request.RequestHeader.RequestHandle;
        Interlocked.Increment(ref Received);
        if (_gates.TryGetValue(handle, out var gate))
        {
            await gate.Task.ConfigureAwait(false);
        }

        Interlocked.Increment(ref Handled);
        var nodes = request.NodesToRead ?? [];
        var results = new DataValue[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            results[i] = new DataValue { Value = Variant.From(nodes[i].NodeId.NumericId) };
        }

        return new ReadResponse { ResponseHeader = new ResponseHeader { RequestHandle = handle }, Results = results };
    }

    public static ReadRequest Read(uint requestHandle, params uint[] nodeIds)
    {
        var nodes = new ReadValueId[nodeIds.Length];
        for (var i = 0; i < nodeIds.Length; i++)
        {
            nodes[i] = new ReadValueId { NodeId = new NodeId(nodeIds[i]), AttributeId = AttributeIds.Value };
        }

        return new ReadRequest { RequestHeader = new RequestHeader { RequestHandle = requestHandle }, NodesToRead = nodes };
    }
}
