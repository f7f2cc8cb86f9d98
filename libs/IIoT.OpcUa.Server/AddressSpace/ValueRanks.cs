namespace IIoT.OpcUa.Server;

/// <summary>ValueRank constants (OPC 10000-3 §5.6.2).</summary>
public static class ValueRanks
{
    public const int ScalarOrOneDimension = -3;
    public const int Any = -2;
    public const int Scalar = -1;
    public const int OneOrMoreDimensions = 0;
    public const int OneDimension = 1;
}
