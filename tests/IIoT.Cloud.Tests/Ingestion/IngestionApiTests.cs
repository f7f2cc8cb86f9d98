using System.Net;
using System.Text;
using IIoT.Cloud.Tests.Support;
using IIoT.Contracts.V1;

namespace IIoT.Cloud.Tests.Ingestion;

/// <summary>The HTTP surface against a real influxd (RELIABILITY.md B3).</summary>
public sealed class IngestionApiTests(CloudWithInfluxd cloud) : IClassFixture<CloudWithInfluxd>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly IngestClient _client = cloud.Client;

    [Fact]
    public async Task API_01_missing_unknown_or_malformed_keys_get_401_and_nothing_is_written()
    {
        await RunAsync(async () =>
        {
            var batch = Points.Batch("gw1", 1, Points.Double("api01", 1));
            foreach (var (key, bearer) in new (string?, bool)[] { (null, false), ("wrong-key-0123456789", false), ("", false), (new string('k', 5000), false), ("wrong-key-0123456789", true) })
            {
                using var response = await _client.PostAsync(batch, key, bearer: bearer);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                var body = await response.Content.ReadAsStringAsync();
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.DoesNotContain("wrong-key", body, StringComparison.Ordinal);
            }
            Assert.Equal(0, await CountAsync("acme", "api01"));
        });
    }

    [Fact]
    public async Task API_01_a_bearer_token_is_accepted_like_X_Api_Key()
    {
        await RunAsync(async () =>
        {
            using var response = await _client.PostAsync(Points.Batch("gw1", 2, Points.Double("api01_bearer", 1)), CloudWithInfluxd.AcmeKey, bearer: true);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, await CountAsync("acme", "api01_bearer"));
        });
    }

    [Fact]
    public async Task API_02_a_batch_claiming_another_gateway_gets_403_and_nothing_is_written()
    {
        await RunAsync(async () =>
        {
            using var response = await _client.PostAsync(Points.Batch("globex-gw1", 3, Points.Double("api02", 1)), CloudWithInfluxd.AcmeKey);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(0, await CountAsync("acme", "api02"));
            Assert.Equal(0, await CountAsync("globex", "api02"));
        });
    }

    [Fact]
    public async Task API_03_an_exact_replay_answers_duplicate_and_writes_nothing()
    {
        await RunAsync(async () =>
        {
            var time = Points.NowNs();
            var batch = Points.Batch("gw1", 4, Points.Double("api03", 1.5, time), Points.Double("api03", double.NaN));
            var first = await _client.StoreAsync(batch, CloudWithInfluxd.AcmeKey);
            Assert.False(first.Duplicate);
            // Overwrite the stored point behind the service's back: a second write would restore 1.5.
            using (var overwrite = await cloud.Influxd.Http.PostAsync("/write?db=acme&precision=ns",
                new StringContent($"api03,area=press,gateway=gw1,line=line1,machine=m1,site=plant1,source=mqtt:line1,unit=degC value=99 {time}")))
            {
                Assert.Equal(HttpStatusCode.NoContent, overwrite.StatusCode);
            }

            var replay = await _client.StoreAsync(batch, CloudWithInfluxd.AcmeKey);

            Assert.True(replay.Duplicate);
            Assert.Equal(first.AcceptedPoints, replay.AcceptedPoints);
            Assert.Equal(first.Rejected, replay.Rejected);
            var rows = await cloud.Influxd.RowsAsync("acme", "SELECT value FROM api03");
            Assert.Equal(99, Assert.Single(rows)["value"].GetDouble());
        });
    }

    [Fact]
    public async Task API_03_a_different_body_under_an_old_sequence_is_written_as_an_idempotent_overwrite()
    {
        await RunAsync(async () =>
        {
            Assert.False((await _client.StoreAsync(Points.Batch("gw1", 5, Points.Double("api03b", 1)), CloudWithInfluxd.AcmeKey)).Duplicate);
            var changed = await _client.StoreAsync(Points.Batch("gw1", 5, Points.Double("api03b", 2)), CloudWithInfluxd.AcmeKey);
            Assert.False(changed.Duplicate);
            Assert.Equal(2, await CountAsync("acme", "api03b"));
        });
    }

    [Fact]
    public async Task API_04_a_body_over_the_compressed_limit_gets_413()
    {
        await RunAsync(async () =>
        {
            var noise = new byte[300_000];
            Random.Shared.NextBytes(noise);
            using var response = await _client.PostRawAsync(noise, CloudWithInfluxd.AcmeKey, gzip: true);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        });
    }

    [Fact]
    public async Task API_04_a_chunked_body_over_the_compressed_limit_is_stopped_by_Kestrel_with_413()
    {
        await RunAsync(async () =>
        {
            var noise = new byte[300_000];
            Random.Shared.NextBytes(noise);
            // No Content-Length: the limit must hold while the body streams in.
            using var request = new HttpRequestMessage(HttpMethod.Post, IIoT.Contracts.WireFormat.BatchesPath)
            {
                Content = new StreamContent(new MemoryStream(noise)),
            };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(IIoT.Contracts.WireFormat.ProtobufContentType);
            request.Headers.TransferEncodingChunked = true;
            request.Headers.Add(IIoT.Contracts.WireFormat.ApiKeyHeader, CloudWithInfluxd.AcmeKey);
            using var response = await _client.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        });
    }

    [Fact]
    public async Task API_04_a_gzip_bomb_gets_413()
    {
        await RunAsync(async () =>
        {
            // 50 MB of zeros compress to ~50 KB; the decompressed limit is 1 MB.
            var bomb = IngestClient.Gzip(new byte[50_000_000], System.IO.Compression.CompressionLevel.SmallestSize);
            Assert.True(bomb.Length < 200_000);
            using var response = await _client.PostRawAsync(bomb, CloudWithInfluxd.AcmeKey, gzip: true);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("decompressed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task API_04_too_many_points_get_413_and_nothing_is_written()
    {
        await RunAsync(async () =>
        {
            var points = Enumerable.Range(0, 1001).Select(i => Points.Integer("api04", i)).ToArray();
            using var response = await _client.PostAsync(Points.Batch("gw1", 6, points), CloudWithInfluxd.AcmeKey);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal(0, await CountAsync("acme", "api04"));
        });
    }

    [Fact]
    public async Task API_12_malformed_gzip_or_protobuf_gets_400_with_a_precise_message_and_no_stack_trace()
    {
        await RunAsync(async () =>
        {
            using var badGzip = await _client.PostRawAsync([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7], CloudWithInfluxd.AcmeKey, gzip: true);
            Assert.Equal(HttpStatusCode.BadRequest, badGzip.StatusCode);
            Assert.Contains("gzip", await badGzip.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var badProtobuf = await _client.PostRawAsync([0x1a, 0xff, 0xff, 0x01, 0x00], CloudWithInfluxd.AcmeKey, gzip: false);
            var body = await badProtobuf.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, badProtobuf.StatusCode);
            Assert.Contains("protobuf", body, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task API_07_bad_points_are_rejected_one_by_one_while_good_points_are_stored()
    {
        await RunAsync(async () =>
        {
            var empty = Points.Double("", 1);
            var future = Points.Double("api07", 3, Points.NowNs() + (long)TimeSpan.FromHours(1).TotalNanoseconds);
            var batch = Points.Batch("gw1", 7,
                Points.Double("api07", 1), Points.Double("api07", double.NaN), empty, future,
                Points.Double("api07", double.NegativeInfinity), Points.Double("api07", 2), Points.Double("api07", 1, timeNs: 5));

            var result = await _client.StoreAsync(batch, CloudWithInfluxd.AcmeKey);

            Assert.Equal([1u, 2u, 3u, 4u, 6u], result.Rejected.Select(r => r.Index));
            Assert.Contains("NaN", result.Rejected[0].Reason, StringComparison.Ordinal);
            Assert.Contains("signal is empty", result.Rejected[1].Reason, StringComparison.Ordinal);
            Assert.Contains("outside the accepted window", result.Rejected[2].Reason, StringComparison.Ordinal);
            Assert.Equal(2u, result.AcceptedPoints);
            Assert.Equal(2, await CountAsync("acme", "api07"));
        });
    }

    [Fact]
    public async Task API_08_a_field_type_conflict_rejects_exactly_the_conflicting_points()
    {
        await RunAsync(async () =>
        {
            Assert.Empty((await _client.StoreAsync(Points.Batch("gw1", 8, Points.Integer("api08", 1)), CloudWithInfluxd.AcmeKey)).Rejected);
            var points = Enumerable.Range(0, 40).Select(i => Points.Integer("api08", i)).ToArray();
            points[3] = Points.Double("api08", 0.5);
            points[17] = Points.Double("api08", 1.5);
            points[39] = Points.Double("api08", 2.5);
            points[20] = Points.Double("api08_other", 1.5);

            var result = await _client.StoreAsync(Points.Batch("gw1", 9, points), CloudWithInfluxd.AcmeKey);

            Assert.Equal([3u, 17u, 39u], result.Rejected.Select(r => r.Index));
            Assert.All(result.Rejected, r => Assert.Contains("field type conflict", r.Reason, StringComparison.Ordinal));
            Assert.Equal(37u, result.AcceptedPoints);
            Assert.Equal(1 + 36, await CountAsync("acme", "api08"));
            Assert.Equal(1, await CountAsync("acme", "api08_other"));
        });
    }

    [Fact]
    public async Task Tenants_are_isolated_by_their_key_and_identity_tags_come_from_the_key()
    {
        await RunAsync(async () =>
        {
            await _client.StoreAsync(Points.Batch("gw1", 10, Points.Double("tenancy", 1)), CloudWithInfluxd.AcmeKey);
            await _client.StoreAsync(Points.Batch("", 11, Points.Double("tenancy", 2)), CloudWithInfluxd.AcmeKey2);
            await _client.StoreAsync(Points.Batch("globex-gw1", 12, Points.Double("tenancy", 3)), CloudWithInfluxd.GlobexKey);

            var acme = await cloud.Influxd.RowsAsync("acme", "SELECT value, gateway FROM tenancy");
            var globex = await cloud.Influxd.RowsAsync("globex", "SELECT value, gateway FROM tenancy");
            Assert.Equal(["gw1", "gw2"], acme.Select(r => r["gateway"].GetString()).Order());
            Assert.Equal("globex-gw1", Assert.Single(globex)["gateway"].GetString());
            Assert.Equal(3, Assert.Single(globex)["value"].GetDouble());
        });
    }

    [Fact]
    public async Task Points_and_loss_records_are_stored_with_the_agreed_schema()
    {
        await RunAsync(async () =>
        {
            var point = Points.Integer("schema", 42);
            point.Quality = Quality.Uncertain;
            point.SourceStatus = 7;
            var batch = Points.Batch("gw1", 13, point);
            batch.Losses.Add(new LossRecord { Source = "mqtt:line1", Reason = "overflow", Count = 5, FirstTimeNs = 1, LastTimeNs = 2, RecordedTimeNs = Points.NowNs(), Detail = "buffer full" });

            await _client.StoreAsync(batch, CloudWithInfluxd.AcmeKey);

            var row = Assert.Single(await cloud.Influxd.RowsAsync("acme", "SELECT * FROM schema"));
            Assert.Equal(42, row["value"].GetInt64());
            Assert.Equal("uncertain", row["quality"].GetString());
            Assert.Equal(7, row["status"].GetInt64());
            Assert.Equal(point.ReceiveTimeNs, row["rx"].GetInt64());
            Assert.Equal(point.SourceTimeNs, row["time"].GetInt64());
            Assert.Equal(("plant1", "press", "line1", "m1", "gw1"),
                (row["site"].GetString(), row["area"].GetString(), row["line"].GetString(), row["machine"].GetString(), row["gateway"].GetString()));
            var loss = Assert.Single(await cloud.Influxd.RowsAsync("acme", "SELECT * FROM iiot_loss WHERE reason = 'overflow'"));
            Assert.Equal((5, 1, 2, "buffer full", "gw1", "mqtt:line1"),
                (loss["count"].GetInt64(), loss["first_ns"].GetInt64(), loss["last_ns"].GetInt64(), loss["detail"].GetString(), loss["gateway"].GetString(), loss["source"].GetString()));
        });
    }

    [Fact]
    public async Task Healthz_reports_healthy_while_influxd_answers()
    {
        await RunAsync(async () =>
        {
            using var response = await _client.Http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
    }

    [Fact]
    public async Task Uncompressed_bodies_are_accepted()
    {
        await RunAsync(async () =>
        {
            using var response = await _client.PostAsync(Points.Batch("gw1", 14, Points.Double("identity", 1)), CloudWithInfluxd.AcmeKey, gzip: false);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, await CountAsync("acme", "identity"));
        });
    }

    private Task<long> CountAsync(string database, string measurement) =>
        cloud.Influxd.CountAsync(database, "\"" + measurement + "\"");

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(Timeout);
}
