namespace IIoT.OpcUa.Client.Tests;

public sealed class ReconnectPolicyTests
{
    [Fact]
    public void Delays_grow_exponentially_with_jitter_and_stop_at_the_cap()
    {
        var policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2), Multiplier = 2, Jitter = 0.2 };
        var random = new Random(1);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var delay = policy.DelayFor(attempt, random);
            var nominal = Math.Min(100 * Math.Pow(2, Math.Min(attempt, 30)), 2000);
            Assert.InRange(delay.TotalMilliseconds, nominal * 0.8 - 0.001, Math.Min(nominal * 1.2, 2000) + 0.001);
        }

        // Jitter spreads clients that lost the same server at the same moment.
        var spread = Enumerable.Range(0, 20).Select(_ => policy.DelayFor(3, random)).Distinct().Count();
        Assert.True(spread > 10, $"only {spread} distinct delays");
    }
}
