using IIoT.Cloud;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.Gateway;
using IIoT.Gateway.Buffering;
using IIoT.Gateway.DeadLetters;
using IIoT.Gateway.Ledger;
using IIoT.Gateway.Uplink;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IIoT.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IIoT.EndToEnd.Tests;

/// <summary>
/// The gateway's forwarder against the real cloud service (in-process) and a real influxd: a real buffer
/// on one side, real storage on the other.
/// </summary>
public sealed class UplinkTests : IAsyncLifetime
{
    private const string Key = "uplink-test-key-0001";
    private readonly TempFolder _folder = new("uplink");
    private InfluxdServer _influx = null!;
    private WebApplication? _cloud;
    private DurableBuffer? _buffer;

    public async Task InitializeAsync() => _influx = await InfluxdServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cloud is not null)
        {
            await _cloud.StopAsync();
            await _cloud.DisposeAsync();
        }
        if (_buffer is not null)
        {
            await _buffer.DisposeAsync();
        }
        await _influx.DisposeAsync();
        _folder.Dispose();
    }

    [Fact(Timeout = 120_000)]
    public async Task UP_08_a_batch_the_cloud_finds_too_large_is_halved_until_it_fits_and_everything_is_stored()
    {
        await StartCloudAsync(maxPointsPerBatch: 100);
        var buffer = OpenBuffer();
        await buffer.AppendAsync(Points(450, "power_kw", i => new Point { DoubleValue = i + 0.5 }), CancellationToken.None);

        var ledger = new RecordingLedger();
        await RunForwarderUntilAsync(buffer, ledger, async () => await _influx.CountAsync("t1") == 450);

        Assert.Equal(0, buffer.Stats.RecordCount);
        Assert.Empty(ledger.Records);
    }

    [Fact(Timeout = 120_000)]
    public async Task UP_09_API_08_points_the_cloud_rejects_are_dead_lettered_and_recorded_and_the_rest_is_stored()
    {
        await StartCloudAsync();
        var buffer = OpenBuffer();
        // A float series, then one integer in the same series (a field type conflict in InfluxDB), and a NaN.
        await buffer.AppendAsync(Points(20, "temperature_c", i => new Point { DoubleValue = 20 + i }), CancellationToken.None);
        await buffer.AppendAsync(Points(20, "temperature_c", i => i == 7 ? new Point { IntValue = 99 } : i == 9 ? new Point { DoubleValue = double.NaN } : new Point { DoubleValue = 40 + i }, offset: 20),
            CancellationToken.None);

        var ledger = new RecordingLedger();
        await RunForwarderUntilAsync(buffer, ledger, () => Task.FromResult(buffer.Stats.RecordCount == 0 && ledger.Records.Count > 0));

        Assert.Equal(38, await _influx.CountAsync("t1"));
        Assert.Equal(2UL, ledger.Records.Where(r => r.Reason == "rejected").Aggregate(0UL, (sum, r) => sum + r.Count));
        var deadLetters = string.Join("\n", Directory.GetFiles(_folder.Combine("deadletter")).Select(File.ReadAllText));
        Assert.Contains("99", deadLetters);
        Assert.Contains("NaN", deadLetters);
    }

    [Fact(Timeout = 120_000)]
    public async Task BUF_01_UP_04_crash_after_the_cloud_stored_a_batch_but_before_the_buffer_advanced_resends_it_without_doubling()
    {
        await StartCloudAsync();
        var buffer = OpenBuffer();
        await buffer.AppendAsync(Points(300, "spindle_speed_rpm", i => new Point { DoubleValue = 8000 + i }), CancellationToken.None);

        // Stub for the crash window: the cloud stores the batch, the acknowledgement never reaches the buffer.
        var crashing = new AcknowledgementLostQueue(new Gateway.Hosting.BufferUplinkQueue(buffer));
        await RunForwarderUntilAsync(buffer, new RecordingLedger(), async () => await _influx.CountAsync("t1") == 300, crashing);
        Assert.Equal(300, buffer.Stats.RecordCount);

        await RunForwarderUntilAsync(buffer, new RecordingLedger(), () => Task.FromResult(buffer.Stats.RecordCount == 0));
        Assert.Equal(300, await _influx.CountAsync("t1"));
    }

    [Fact(Timeout = 120_000)]
    public async Task UP_failover_to_the_next_cloud_url_when_the_first_is_unreachable()
    {
        await StartCloudAsync();
        var buffer = OpenBuffer();
        await buffer.AppendAsync(Points(100, "power_kw", i => new Point { DoubleValue = i }), CancellationToken.None);
        var dead = $"http://127.0.0.1:{FreePort.Next()}";

        // Stored and acknowledged: the forwarder acks just after the cloud answered, so wait for both.
        await RunForwarderUntilAsync(buffer, new RecordingLedger(), async () => await _influx.CountAsync("t1") == 100 && buffer.Stats.RecordCount == 0,
            urls: [dead, _cloud!.Urls.First()]);

        Assert.Equal(0, buffer.Stats.RecordCount);
    }

    [Fact(Timeout = 120_000)]
    public async Task UP_11_https_to_a_cloud_whose_certificate_our_CA_file_trusts_works_and_an_untrusted_one_is_refused()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        var caFile = _folder.Combine("cloud-ca.pem");
        await File.WriteAllTextAsync(caFile, certificate.ExportCertificatePem());
        var httpsPort = FreePort.Next();
        await StartCloudAsync(configure: builder => builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, httpsPort, e => e.UseHttps(certificate))));
        var url = $"https://127.0.0.1:{httpsPort}";
        var buffer = OpenBuffer();
        await buffer.AppendAsync(Points(50, "power_kw", i => new Point { DoubleValue = i }), CancellationToken.None);

        // Without our CA the certificate is untrusted: nothing is delivered, nothing is dropped.
        var status = new UplinkStatus();
        await RunForwarderUntilAsync(buffer, new RecordingLedger(), () => Task.FromResult(status.Read().ConsecutiveFailures >= 2), urls: [url], status: status);
        Assert.Contains("certificate", status.Read().LastError ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(50, buffer.Stats.RecordCount);

        await RunForwarderUntilAsync(buffer, new RecordingLedger(), async () => await _influx.CountAsync("t1") == 50, urls: [url], caFile: caFile);
    }

    [Theory(Timeout = 120_000)]
    [InlineData(ProxyFault.Stall)]
    [InlineData(ProxyFault.CutRequest)]
    [InlineData(ProxyFault.DropResponse)]
    public async Task UP_02_UP_03_UP_04_a_hung_cut_or_unanswered_request_is_retried_and_stored_exactly_once(ProxyFault fault)
    {
        await StartCloudAsync();
        await using var proxy = new FaultProxy(new Uri(_cloud!.Urls.First()).Port) { Fault = fault, CutAfterBytes = 300 };
        var buffer = OpenBuffer();
        await buffer.AppendAsync(Points(200, "temperature_c", i => new Point { DoubleValue = 20 + i * 0.5 }), CancellationToken.None);
        var status = new UplinkStatus();
        var delivered = RunForwarderUntilAsync(buffer, new RecordingLedger(), () => Task.FromResult(buffer.Stats.RecordCount == 0),
            urls: [proxy.Url], status: status, requestTimeout: TimeSpan.FromSeconds(1));

        await Wait.UntilAsync(() => status.Read().ConsecutiveFailures >= 2, TimeSpan.FromSeconds(30), "the uplink to fail through the proxy");
        Assert.Equal(200, buffer.Stats.RecordCount);
        if (fault == ProxyFault.DropResponse)
        {
            // The cloud stored the batch; only its answer was lost.
            Assert.Equal(200, await _influx.CountAsync("t1"));
        }
        proxy.Fault = ProxyFault.None;
        await delivered;

        Assert.Equal(200, await _influx.CountAsync("t1"));
        Assert.True(proxy.FaultedConnections >= 2);
    }

    private async Task StartCloudAsync(int maxPointsPerBatch = 50_000, Action<WebApplicationBuilder>? configure = null)
    {
        _cloud = await CloudApp.StartAsync(new Dictionary<string, string?>
        {
            ["Cloud:Storage:Kind"] = "InfluxV1",
            ["Cloud:Storage:Url"] = _influx.Url,
            ["Cloud:Storage:CreateDatabases"] = "true",
            ["Cloud:Tenants:0:Id"] = "t1",
            ["Cloud:Tenants:0:Database"] = "t1",
            ["Cloud:Gateways:0:Id"] = "gw-1",
            ["Cloud:Gateways:0:Tenant"] = "t1",
            ["Cloud:Gateways:0:ApiKey"] = Key,
            ["Cloud:Limits:MaxPointsPerBatch"] = maxPointsPerBatch.ToString(),
        }, configure: configure);
    }

    private DurableBuffer OpenBuffer() =>
        _buffer = DurableBuffer.Open(new DurableBufferOptions { Directory = _folder.Combine("buffer") }, TimeProvider.System, NullLogger<DurableBuffer>.Instance);

    private async Task RunForwarderUntilAsync(DurableBuffer buffer, ILossLedger ledger, Func<Task<bool>> done, IUplinkQueue? queue = null,
        string[]? urls = null, string? caFile = null, UplinkStatus? status = null, TimeSpan? requestTimeout = null)
    {
        var options = new UplinkOptions
        {
            RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30),
            Urls = urls ?? [_cloud!.Urls.First()],
            CaFile = caFile,
            ApiKey = Key,
            MaxBatchPoints = 1000,
            MinBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(500),
        };
        using var client = new CloudClient(options);
        using var deadLetters = new DeadLetterStore(new DeadLetterOptions { Directory = _folder.Combine("deadletter") }, TimeProvider.System,
            NullLogger<DeadLetterStore>.Instance);
        status ??= new UplinkStatus();
        using var forwarder = new UplinkForwarder(queue ?? new Gateway.Hosting.BufferUplinkQueue(buffer), client, deadLetters, ledger, status,
            Options.Create(options), Options.Create(new GatewayOptions { Id = "gw-1" }), TimeProvider.System, NullLogger<UplinkForwarder>.Instance);
        await forwarder.StartAsync(CancellationToken.None);
        try
        {
            await Wait.UntilAsync(done, TimeSpan.FromSeconds(60), "the forwarder to deliver");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + " Last uplink error: " + status.Read().LastError, e);
        }
        finally
        {
            await forwarder.StopAsync(CancellationToken.None);
        }
    }

    private static List<ReadOnlyMemory<byte>> Points(int count, string signal, Func<int, Point> value, int offset = 0)
    {
        var start = UnixTime.ToNanoseconds(DateTimeOffset.UtcNow.AddMinutes(-5));
        return Enumerable.Range(0, count).Select(i =>
        {
            var point = value(i);
            point.Asset = new AssetPath { Site = "s", Area = "a", Line = "l", Machine = "m1" };
            point.Signal = signal;
            point.SourceTimeNs = start + (offset + i) * 1_000_000L;
            point.ReceiveTimeNs = point.SourceTimeNs;
            point.Source = "test";
            return (ReadOnlyMemory<byte>)BatchFraming.Frame(point);
        }).ToList();
    }

    private sealed class RecordingLedger : ILossLedger
    {
        public List<(string Source, string Reason, ulong Count)> Records { get; } = [];

        public void Record(string source, string reason, ulong count, long firstTimeNs, long lastTimeNs, string detail)
        {
            lock (Records)
            {
                Records.Add((source, reason, count));
            }
        }
    }

    /// <summary>A stub for the one fault a real buffer cannot be made to show on demand: the process dies between 2xx and ack.</summary>
    private sealed class AcknowledgementLostQueue(IUplinkQueue inner) : IUplinkQueue
    {
        public ValueTask<IReadOnlyList<QueuedRecord>> ReadAsync(ulong fromIndex, int maxRecords, int maxBytes, TimeSpan maxWait, CancellationToken cancellationToken) =>
            inner.ReadAsync(fromIndex, maxRecords, maxBytes, maxWait, cancellationToken);

        public ValueTask AcknowledgeAsync(ulong upToExclusive, CancellationToken cancellationToken) =>
            throw new IOException("simulated crash before the acknowledgement reached the buffer");
    }
}
