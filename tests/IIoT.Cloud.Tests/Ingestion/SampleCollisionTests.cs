using IIoT.Cloud.Ingestion;
using IIoT.Cloud.Tests.Support;
using IIoT.Contracts.V1;

namespace IIoT.Cloud.Tests.Ingestion;

/// <summary>API-09: same series and timestamp with a different value inside one batch.</summary>
public sealed class SampleCollisionTests(CloudWithInfluxd cloud) : IClassFixture<CloudWithInfluxd>
{
    [Fact]
    public async Task API_09_a_conflicting_duplicate_is_rejected_with_its_index_and_the_first_value_is_stored()
    {
        await RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        async Task RunAsync()
        {
            var time = Points.NowNs();
            var batch = Points.Batch("gw1", 1,
                Points.Double("api09", 1.5, time),
                Points.Double("api09", 7, Points.NowNs()),
                Points.Double("api09", 1.5, time),   // identical resend: fine
                Points.Double("api09", 2.5, time));  // same series and time, other value: refused

            var result = await cloud.Client.StoreAsync(batch, CloudWithInfluxd.AcmeKey);

            Assert.Equal(3u, result.AcceptedPoints);
            var rejection = Assert.Single(result.Rejected);
            Assert.Equal(3u, rejection.Index);
            Assert.Equal("same series and timestamp as point 0 with a different value", rejection.Reason);
            var rows = await cloud.Influxd.RowsAsync("acme", $"SELECT value FROM api09 WHERE time = {time}");
            Assert.Equal(1.5, Assert.Single(rows)["value"].GetDouble());
            Assert.Equal(2, await cloud.Influxd.CountAsync("acme", "/^api09$/"));
        }
    }

    [Fact]
    public void API_09_other_tags_or_timestamps_are_other_samples_and_a_type_change_is_a_different_value()
    {
        var time = Points.NowNs();
        var otherMachine = Points.Double("s", 1, time);
        otherMachine.Asset.Machine = "m2";
        var noAsset = Points.Double("s", 1, time);
        noAsset.Asset = null;
        var emptyAsset = Points.Double("s", 2, time);
        emptyAsset.Asset = new AssetPath();
        Point[] points =
        [
            Points.Double("s", 1, time),
            otherMachine,
            Points.Double("s", 1, time + 1),
            Points.Double("other", 1, time),
            noAsset,
            emptyAsset,                       // an empty asset writes the same tags as none
            WithoutUnitAndSource(Points.Integer("s", 1, time)),
            WithoutUnitAndSource(Points.Double("s", 1, time)),
            Bad(Points.Double("s", 1, time)),
        ];
        var detector = new SampleCollisionDetector(points);

        var reasons = points.Select((p, i) => detector.Check(i, time + (i == 2 ? 1 : 0))).ToList();

        Assert.Equal([null, null, null, null, null], reasons.Take(5));
        Assert.Equal("same series and timestamp as point 4 with a different value", reasons[5]);
        Assert.Null(reasons[6]);
        Assert.Equal("same series and timestamp as point 6 with a different value", reasons[7]);
        Assert.Equal("same series and timestamp as point 0 with a different quality or status", reasons[8]);
    }

    private static Point WithoutUnitAndSource(Point point)
    {
        point.Unit = "";
        point.Source = "";
        return point;
    }

    private static Point Bad(Point point)
    {
        point.Quality = Quality.Bad;
        return point;
    }
}
