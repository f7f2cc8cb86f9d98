using IIoT.Gateway.Uplink;
using Xunit;

namespace IIoT.Gateway.Tests.Uplink;

public sealed class BackoffTests
{
    [Fact]
    public void UP_06_waits_grow_exponentially_with_jitter_and_never_pass_the_cap()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new Random(1));
        var waits = Enumerable.Range(0, 40).Select(_ => backoff.Next()).ToList();

        Assert.All(waits, w => Assert.InRange(w.TotalMilliseconds, 50, 5000));
        // Jitter: not all waits of the capped phase are the same.
        Assert.True(waits.Skip(10).Distinct().Count() > 5);
        // Growth: late waits are on average far longer than the first ones.
        Assert.True(waits.Skip(20).Average(w => w.TotalMilliseconds) > 5 * waits.Take(2).Average(w => w.TotalMilliseconds));
        backoff.Reset();
        Assert.InRange(backoff.Next().TotalMilliseconds, 50, 100);
    }

    [Fact]
    public void UP_07_a_Retry_After_is_honoured_but_capped()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new Random(1));
        Assert.Equal(TimeSpan.FromSeconds(3), backoff.Next(TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(5), backoff.Next(TimeSpan.FromHours(1)));
    }
}
