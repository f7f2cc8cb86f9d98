using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server;

/// <summary>The checks every service with a list of operations makes first (OPC 10000-4 §7.34 / §5.2).</summary>
internal static class OperationCount
{
    /// <summary>Throws BadNothingToDo for an empty list and BadTooManyOperations above <paramref name="max"/> (0 = no limit).</summary>
    public static void Check(int count, uint max)
    {
        if (count == 0)
        {
            throw new ServiceResultException(StatusCodes.BadNothingToDo);
        }

        if (max != 0 && (uint)count > max)
        {
            throw new ServiceResultException(StatusCodes.BadTooManyOperations);
        }
    }
}
