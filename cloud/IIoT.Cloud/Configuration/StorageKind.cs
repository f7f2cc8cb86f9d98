namespace IIoT.Cloud.Configuration;

public enum StorageKind
{
    /// <summary>InfluxDB 1.x HTTP API (/write?db=..&amp;rp=..).</summary>
    InfluxV1,

    /// <summary>InfluxDB 2.x API (/api/v2/write, org/bucket/token), also spoken by VictoriaMetrics.</summary>
    InfluxV2,
}
