using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Fuzz;

/// <summary>
/// One fuzz target: <see cref="Execute"/> runs the code under test on one input and throws only when a property is
/// broken. The refusals the stack promises (<see cref="UaDecodingException"/>, <see cref="UacpException"/>) are the
/// expected outcome for bad input and are swallowed here, so afl/libFuzzer see every other exception as a crash.
/// </summary>
internal sealed class FuzzTarget(string name, string description, Action<ReadOnlyMemory<byte>> run, bool checkAllocations = true)
{
    /// <summary>Fixed allowance plus a per-input-byte factor: generous for real decoding, far below "a length field said 2 GB".</summary>
    private const long AllocationAllowance = 4 * 1024 * 1024;
    private const long AllocationPerInputByte = 256;

    public string Name { get; } = name;

    public string Description { get; } = description;

    public void Execute(ReadOnlyMemory<byte> input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            run(input);
        }
        catch (Exception e) when (e is UaDecodingException or UacpException)
        {
            // The documented refusal.
        }

        // Only the synchronous targets: the server target allocates on pool threads as well.
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (checkAllocations && allocated > AllocationAllowance + (AllocationPerInputByte * input.Length))
        {
            throw new FuzzFailure($"{Name}: {allocated} bytes allocated for a {input.Length}-byte input");
        }
    }

    public override string ToString() => Name;
}
