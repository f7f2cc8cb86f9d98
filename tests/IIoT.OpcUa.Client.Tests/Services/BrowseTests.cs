using IIoT.OpcUa.Client.Tests.Kit;
using IIoT.OpcUa.Types;
using IIoT.Testing;

namespace IIoT.OpcUa.Client.Tests.Services;

public sealed class BrowseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Cancelled_browse_releases_the_continuation_points_it_holds()
    {
        await using var server = new ScriptedServer();
        await using var session = await UaSession.ConnectAsync(new ClientOptions { EndpointUrl = server.EndpointUrl }).WaitAsync(Timeout);
        using var cancel = new CancellationTokenSource();
        var calls = 0;
        server.OnBrowseNext = () =>
        {
            if (++calls == 3)
            {
                cancel.Cancel(); // the caller gives up while the server still holds a continuation point
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            session.BrowseAsync([ViewServiceExtensions.Forward(new NodeId(ObjectIds.RootFolder))], 1, cancel.Token).WaitAsync(Timeout));

        await Wait.UntilAsync(() => server.BrowseNextReleases.Contains(true), Timeout, "BrowseNext with ReleaseContinuationPoints");
        Assert.Equal([false, false, false, true], server.BrowseNextReleases);
    }
}
