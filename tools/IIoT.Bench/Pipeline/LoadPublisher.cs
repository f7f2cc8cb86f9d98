using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace IIoT.Bench.Pipeline;

/// <summary>
/// Publishes machine telemetry in the simulators' JSON shape (10 values a message) with QoS 1, keeping a window of
/// publishes in flight. Timestamps are the wall clock at publish time, so latency can be read off InfluxDB.
/// </summary>
internal sealed class LoadPublisher : IAsyncDisposable
{
    public const int ValuesPerMessage = 10;
    private readonly IMqttClient _client;
    private readonly int _machines;
    private readonly int _firstMachine;
    private readonly long[] _lastTs;

    private LoadPublisher(IMqttClient client, int machines, int firstMachine)
    {
        _client = client;
        _machines = machines;
        _firstMachine = firstMachine;
        _lastTs = new long[machines];
    }

    /// <summary>Machines are numbered from <paramref name="firstMachine"/>, so that two runs never write the same series and time.</summary>
    public static async Task<LoadPublisher> ConnectAsync(int port, int machines, int firstMachine)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithClientId("bench-publisher-" + Guid.NewGuid().ToString("N")[..8]).WithCleanSession().Build());
        return new LoadPublisher(client, machines, firstMachine);
    }

    /// <summary>Publishes <paramref name="messages"/> messages, at most <paramref name="perSecond"/> a second (0 = as fast as possible).</summary>
    public async Task PublishAsync(long messages, double perSecond, CancellationToken cancellationToken)
    {
        using var window = new SemaphoreSlim(1000);
        var pending = new List<Task>();
        var started = DateTime.UtcNow;
        for (long i = 0; i < messages; i++)
        {
            if (perSecond > 0)
            {
                var due = started + TimeSpan.FromSeconds(i / perSecond);
                var wait = due - DateTime.UtcNow;
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait, cancellationToken);
                }
            }
            await window.WaitAsync(cancellationToken);
            var machine = (int)(i % _machines);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic($"factory/bench/area1/line1/m{_firstMachine + machine:000}/telemetry")
                .WithPayload(Payload(machine, i))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            pending.Add(PublishOneAsync(message, window, cancellationToken));
            if (pending.Count > 10_000)
            {
                pending.RemoveAll(t => t.IsCompletedSuccessfully);
            }
        }
        await Task.WhenAll(pending);
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisconnectAsync();
        _client.Dispose();
    }

    private async Task PublishOneAsync(MqttApplicationMessage message, SemaphoreSlim window, CancellationToken cancellationToken)
    {
        try
        {
            await _client.PublishAsync(message, cancellationToken);
        }
        finally
        {
            window.Release();
        }
    }

    /// <summary>Always with a decimal point, as the simulators do: "12" would be an integer and conflict with "12.1".</summary>
    private static void WriteMeasurement(Utf8JsonWriter json, string name, double value)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(value.ToString("0.0###", CultureInfo.InvariantCulture), skipInputValidation: true);
    }

    private byte[] Payload(int machine, long sequence)
    {
        // Unique, increasing timestamps per machine: the same machine never sends two messages in one millisecond.
        var ts = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _lastTs[machine] + 1);
        _lastTs[machine] = ts;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("ts", ts);
            json.WriteNumber("seq", sequence);
            json.WriteString("state", "running");
            json.WriteNumber("parts_total", sequence);
            json.WriteNumber("parts_good", sequence - sequence / 50);
            json.WriteNumber("parts_reject", sequence / 50);
            WriteMeasurement(json, "ideal_cycle_time_s", 12.0);
            WriteMeasurement(json, "actual_cycle_time_s", 12.0 + sequence % 7 * 0.1);
            WriteMeasurement(json, "temperature_c", 60 + sequence % 100 * 0.05);
            WriteMeasurement(json, "power_kw", 7.5 + sequence % 10 * 0.1);
            json.WriteNumber("probe_ms", ts);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
