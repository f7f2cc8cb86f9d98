namespace IIoT.EndToEnd.Tests;

/// <summary>The cloud's settings in the end-to-end pipelines: InfluxDB 1.x, one tenant (database of the same name), one gateway.</summary>
internal static class CloudProcessSettings
{
    public static Dictionary<string, string> For(string influxUrl, string tenant, string gatewayId, string apiKey) => new()
    {
        ["Cloud:Storage:Kind"] = "InfluxV1",
        ["Cloud:Storage:Url"] = influxUrl,
        ["Cloud:Storage:CreateDatabases"] = "true",
        ["Cloud:Storage:Timeout"] = "00:00:05",
        ["Cloud:Tenants:0:Id"] = tenant,
        ["Cloud:Tenants:0:Database"] = tenant,
        ["Cloud:Tenants:0:Bucket"] = tenant,
        ["Cloud:Gateways:0:Id"] = gatewayId,
        ["Cloud:Gateways:0:Tenant"] = tenant,
        ["Cloud:Gateways:0:ApiKey"] = apiKey,
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
