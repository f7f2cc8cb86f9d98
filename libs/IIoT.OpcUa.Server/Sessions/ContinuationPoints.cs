using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>
/// The Browse continuation points one session holds (OPC 10000-4 §7.9), at most a configured number; each is the
/// rest of one node's references, handed out by BrowseNext.
/// </summary>
internal sealed class ContinuationPoints(int max)
{
    private readonly Dictionary<Guid, BrowseContinuation> _points = [];

    public int Count
    {
        get
        {
            lock (_points)
            {
                return _points.Count;
            }
        }
    }

    /// <summary>Stores the rest of a browse; null when the session already holds the maximum.</summary>
    public byte[]? TryAdd(BrowseContinuation continuation)
    {
        lock (_points)
        {
            if (_points.Count >= max)
            {
                return null;
            }

            var id = Guid.NewGuid();
            _points[id] = continuation;
            return id.ToByteArray();
        }
    }

    /// <summary>Removes and returns the point; null when it is unknown (already used or released).</summary>
    public BrowseContinuation? Take(byte[]? id)
    {
        if (id is not { Length: 16 })
        {
            return null;
        }

        lock (_points)
        {
            return _points.Remove(new Guid(id), out var continuation) ? continuation : null;
        }
    }

    public void Clear()
    {
        lock (_points)
        {
            _points.Clear();
        }
    }
}
