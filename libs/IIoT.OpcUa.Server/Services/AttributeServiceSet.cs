using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Microsoft.Extensions.Logging;

namespace IIoT.OpcUa.Server;

/// <summary>Attribute services (OPC 10000-4 §5.10): Read of every attribute and Write of variable values.</summary>
internal sealed class AttributeServiceSet(OpcUaServerOptions options, AddressSpace space, ILogger logger)
{
    private static readonly QualifiedName DefaultBinary = new(0, "Default Binary");

    public void Register(ServiceTable table)
    {
        table.Register<ReadRequest>(ReadRequest.BinaryEncodingId, Read, requiresSession: true);
        table.Register<WriteRequest>(WriteRequest.BinaryEncodingId, Write, requiresSession: true);
    }

    private ValueTask<IServiceResponse> Read(ServiceContext context, ReadRequest request, CancellationToken cancellationToken)
    {
        var nodes = request.NodesToRead ?? [];
        OperationCount.Check(nodes.Length, options.MaxNodesPerRead);
        if (request.MaxAge < 0 || double.IsNaN(request.MaxAge))
        {
            throw new ServiceResultException(StatusCodes.BadMaxAgeInvalid);
        }

        if (request.TimestampsToReturn is < TimestampsToReturn.Source or > TimestampsToReturn.Neither)
        {
            throw new ServiceResultException(StatusCodes.BadTimestampsToReturnInvalid);
        }

        // Values are always current here, so any MaxAge is satisfied (§5.10.2).
        var now = UaDateTime.FromDateTime(options.TimeProvider.GetUtcNow().UtcDateTime);
        var results = new DataValue[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            results[i] = ReadOne(nodes[i], request.TimestampsToReturn, now);
        }

        return ValueTask.FromResult<IServiceResponse>(new ReadResponse { Results = results, DiagnosticInfos = [] });
    }

    internal DataValue ReadOne(ReadValueId item, TimestampsToReturn timestamps, UaDateTime now)
    {
        if (space.Find(item.NodeId) is not { } node)
        {
            return Bad(StatusCodes.BadNodeIdUnknown);
        }

        var isValue = item.AttributeId == AttributeIds.Value;
        if (!item.DataEncoding.IsNullName())
        {
            if (!isValue)
            {
                return Bad(StatusCodes.BadDataEncodingInvalid);
            }

            if (item.DataEncoding != DefaultBinary)
            {
                return Bad(StatusCodes.BadDataEncodingUnsupported);
            }
        }

        var serverTimestamp = timestamps is TimestampsToReturn.Server or TimestampsToReturn.Both ? now : default;
        if (isValue && node is VariableNode variable)
        {
            if ((variable.AccessLevel & (byte)AccessLevelType.CurrentRead) == 0)
            {
                return Bad(StatusCodes.BadNotReadable);
            }

            var stored = variable.Value;
            var value = stored.Value;
            if (!string.IsNullOrEmpty(item.IndexRange))
            {
                var status = IndexRange.Apply(item.IndexRange, ref value);
                if (status != StatusCodes.Good)
                {
                    return Bad(status);
                }
            }

            return new DataValue
            {
                Value = value,
                Status = stored.Status,
                SourceTimestamp = timestamps is TimestampsToReturn.Source or TimestampsToReturn.Both ? stored.SourceTimestamp : default,
                ServerTimestamp = serverTimestamp,
            };
        }

        if (!string.IsNullOrEmpty(item.IndexRange))
        {
            return Bad(isValue ? StatusCodes.BadIndexRangeNoData : StatusCodes.BadIndexRangeInvalid);
        }

        return node.TryReadAttribute(item.AttributeId, out var attribute)
            ? new DataValue { Value = attribute, ServerTimestamp = serverTimestamp }
            : Bad(StatusCodes.BadAttributeIdInvalid);
    }

    private ValueTask<IServiceResponse> Write(ServiceContext context, WriteRequest request, CancellationToken cancellationToken)
    {
        var nodes = request.NodesToWrite ?? [];
        OperationCount.Check(nodes.Length, options.MaxNodesPerWrite);
        var results = new StatusCode[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            results[i] = WriteOne(nodes[i]);
        }

        return ValueTask.FromResult<IServiceResponse>(new WriteResponse { Results = results, DiagnosticInfos = [] });
    }

    private uint WriteOne(WriteValue item)
    {
        if (space.Find(item.NodeId) is not { } node)
        {
            return StatusCodes.BadNodeIdUnknown;
        }

        if (item.AttributeId != AttributeIds.Value || node is not VariableNode variable)
        {
            // Attributes other than a variable's Value are read-only here (WriteMask 0).
            return node.TryReadAttribute(item.AttributeId, out _) ? StatusCodes.BadNotWritable : StatusCodes.BadAttributeIdInvalid;
        }

        if ((variable.AccessLevel & (byte)AccessLevelType.CurrentWrite) == 0)
        {
            return StatusCodes.BadNotWritable;
        }

        var value = item.Value;
        if (!string.IsNullOrEmpty(item.IndexRange) || !value.Status.IsGood || !value.ServerTimestamp.IsMinValue)
        {
            return StatusCodes.BadWriteNotSupported; // No partial writes, status writes or server timestamps.
        }

        if (!DataTypeCheck.Accepts(space, variable.DataType, variable.ValueRank, value.Value))
        {
            return StatusCodes.BadTypeMismatch;
        }

        if (variable.WriteHandler is { } handler)
        {
            uint status;
            try
            {
                status = handler(variable, value);
            }
            catch (Exception e)
            {
                Log.WriteHandlerFailed(logger, e, variable.NodeId);
                return StatusCodes.BadInternalError;
            }

            if (status != StatusCodes.Good)
            {
                return status;
            }
        }

        var source = value.SourceTimestamp.IsMinValue ? UaDateTime.FromDateTime(options.TimeProvider.GetUtcNow().UtcDateTime) : value.SourceTimestamp;
        variable.SetValue(value.Value, StatusCode.Good, source);
        return StatusCodes.Good;
    }

    private static DataValue Bad(uint status) => new() { Status = status };
}
