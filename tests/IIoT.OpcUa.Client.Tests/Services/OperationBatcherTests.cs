using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client.Tests.Services;

public sealed class OperationBatcherTests
{
    [Fact]
    public async Task Splits_by_the_limit_and_keeps_request_order()
    {
        var calls = new List<int>();
        var items = Enumerable.Range(0, 1000).ToArray();
        var results = await OperationBatcher.RunAsync(items, 50, (batch, _) =>
        {
            calls.Add(batch.Length);
            return Task.FromResult<int[]?>(batch.Select(i => i * 2).ToArray());
        }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(20, calls.Count);
        Assert.All(calls, c => Assert.Equal(50, c));
        Assert.Equal(items.Select(i => i * 2), results);
    }

    [Fact]
    public async Task UA_R13_BadTooManyOperations_halves_the_batch_and_retries()
    {
        var calls = new List<int>();
        var results = await OperationBatcher.RunAsync(Enumerable.Range(0, 100).ToArray(), 0, (batch, _) =>
        {
            calls.Add(batch.Length);
            if (batch.Length > 30)
            {
                throw new ServiceResultException(StatusCodes.BadTooManyOperations);
            }

            return Task.FromResult<int[]?>(batch);
        }, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Enumerable.Range(0, 100), results);
        Assert.Equal([100, 50, 25, 25, 25, 25], calls);
    }

    [Fact]
    public async Task A_result_count_that_does_not_match_fails_clearly()
    {
        var error = await Assert.ThrowsAsync<ServiceResultException>(() => OperationBatcher.RunAsync([1, 2, 3], 10,
            (_, _) => Task.FromResult<int[]?>([1]), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(StatusCodes.BadUnexpectedError, error.StatusCode);
        Assert.Contains("BadUnexpectedError", error.Message);
    }
}
