using System.Globalization;
using System.Text;
using IIoT.Testing;

namespace IIoT.Bench.OpcUaLatency;

/// <summary>
/// The floor: one point a second written straight to influxd (HTTP /write, its own database) with the current time as
/// its timestamp, under the same load; an <see cref="InfluxProbe"/> on that database measures it exactly as the
/// pipeline's points are measured, so the difference is what simulator, gateway and cloud add.
/// </summary>
internal static class FloorWriter
{
    public const string Database = "floor";
    public const string Query = "SELECT last(\"value\") FROM \"floor\"";

    public static async Task RunAsync(InfluxdServer influx, TimeSpan every, CancellationToken cancellationToken)
    {
        await influx.CreateDatabaseAsync(Database);
        using var timer = new PeriodicTimer(every);
        var n = 0;
        do
        {
            var ns = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
            using var body = new StringContent(string.Create(CultureInfo.InvariantCulture, $"floor value={n++} {ns}\n"), Encoding.UTF8, "text/plain");
            try
            {
                using var response = await influx.Http.PostAsync($"/write?db={Database}&precision=ns", body, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }
}
