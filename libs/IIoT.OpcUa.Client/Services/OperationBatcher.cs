using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client;

/// <summary>
/// Splits one large call into calls of at most the server's per-call limit and puts the results back in request
/// order (<c>onBatch</c> sees each batch's results as they come, so a later failure loses none). BadTooManyOperations (the server's limit is lower than announced) halves the batch and retries (UA-R13).
/// </summary>
internal static class OperationBatcher
{
    public static async Task<TResult[]> RunAsync<TItem, TResult>(
        IReadOnlyList<TItem> items,
        uint limit,
        Func<TItem[], CancellationToken, Task<TResult[]?>> call,
        CancellationToken cancellationToken,
        Action<int, TResult[]>? onBatch = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = new TResult[items.Count];
        var batch = (int)Math.Clamp(limit == 0 ? uint.MaxValue : limit, 1, int.MaxValue);
        var offset = 0;
        while (offset < items.Count)
        {
            var count = Math.Min(batch, items.Count - offset);
            var slice = new TItem[count];
            for (var i = 0; i < count; i++)
            {
                slice[i] = items[offset + i];
            }

            TResult[]? answer;
            try
            {
                answer = await call(slice, cancellationToken).ConfigureAwait(false);
            }
            catch (ServiceResultException e) when (e.StatusCode == StatusCodes.BadTooManyOperations && count > 1)
            {
                batch = Math.Max(1, count / 2);
                continue;
            }

            if (answer is null || answer.Length != count)
            {
                throw new ServiceResultException(StatusCodes.BadUnexpectedError,
                    $"The server answered {answer?.Length ?? 0} results for {count} operations.");
            }

            Array.Copy(answer, 0, results, offset, count);
            onBatch?.Invoke(offset, answer);
            offset += count;
        }

        return results;
    }
}
