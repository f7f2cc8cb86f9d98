using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// A Publish request parked until a subscription of its session has something to send. Completed exactly once, under
/// the engine's lock; continuations run asynchronously so no caller code runs inside that lock.
/// </summary>
internal sealed class PendingPublish(SessionState session, StatusCode[]? ackResults)
{
    private readonly TaskCompletionSource<PublishResponse> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SessionState Session { get; } = session;

    public StatusCode[]? AckResults { get; } = ackResults;

    public LinkedListNode<PendingPublish>? Node { get; set; }

    public ITimer? TimeoutTimer { get; set; }

    public CancellationTokenRegistration Cancellation { get; set; }

    public bool Completed { get; private set; }

    public Task<PublishResponse> Task => _completion.Task;

    /// <summary>Fails the request with Bad_Timeout after <paramref name="timeoutHint"/> ms (0: never) and cancels it with <paramref name="ct"/>.</summary>
    public void Arm(TimeProvider time, object gate, uint timeoutHint, CancellationToken ct)
    {
        if (timeoutHint > 0)
        {
            TimeoutTimer = time.CreateTimer(
                state => { lock (gate) ((PendingPublish)state!).Fail(StatusCodes.BadTimeout); },
                this, TimeSpan.FromMilliseconds(timeoutHint), Timeout.InfiniteTimeSpan);
        }
        if (ct.CanBeCanceled)
        {
            Cancellation = ct.UnsafeRegister(
                state => { lock (gate) ((PendingPublish)state!).Cancel(ct); },
                this);
        }
    }

    public void Complete(PublishResponse response)
    {
        if (!Release()) return;
        response.Results ??= AckResults;
        _completion.TrySetResult(response);
    }

    public void Fail(uint status) =>
        Complete(new PublishResponse { ResponseHeader = new ResponseHeader { ServiceResult = status } });

    public void Cancel(CancellationToken token)
    {
        if (Release()) _completion.TrySetCanceled(token);
    }

    private bool Release()
    {
        if (Completed) return false;
        Completed = true;
        if (Node is not null)
        {
            Session.Requests.Remove(Node);
            Node = null;
        }
        TimeoutTimer?.Dispose();
        // Unregister, not Dispose: Dispose would wait for a running callback that may be blocked on our lock.
        Cancellation.Unregister();
        return true;
    }
}
