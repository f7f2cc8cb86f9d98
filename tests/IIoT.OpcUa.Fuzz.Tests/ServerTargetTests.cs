using IIoT.OpcUa.Fuzz;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Fuzz.Tests;

/// <summary>The server target is only worth fuzzing if its seeds get past HEL and OPN into the handler.</summary>
public sealed class ServerTargetTests
{
    [Fact]
    public async Task Node_opcua_session_seed_reaches_the_handler_with_every_request_and_ends_on_CLO()
    {
        var lines = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "nodeopcua-session.hex"))
            .Select(l => l.Split(' ')).Where(p => p.Length == 4 && p[0] == "0" && p[1] == "C2S").ToList();
        var frames = lines.Select(p => (ReadOnlyMemory<byte>)Convert.FromHexString(p[3])).ToList();
        var requests = lines.Count(p => p[2].StartsWith("MSG", StringComparison.Ordinal));
        var seen = new List<uint>();

        await ServerTarget.RunAsync(frames, (id, body) =>
        {
            lock (seen) seen.Add(id);
            return ServerTarget.TrivialHandler(id, body);
        }).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(requests, seen.Count);
        Assert.Contains(ReadRequest.BinaryEncodingId, seen);
        Assert.Contains(CreateMonitoredItemsRequest.BinaryEncodingId, seen);
    }

    [Fact]
    public async Task Garbage_after_HEL_ends_in_a_UacpException_not_a_hang()
    {
        var lines = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "nodeopcua-session.hex")).Select(l => l.Split(' ')).ToList();
        var hello = Convert.FromHexString(lines.First(p => p[2] == "HEL")[3]);
        // A 16-byte MSG with 8 bytes of junk where the secure channel headers should be.
        byte[] junk = [.. "MSGF"u8, 16, 0, 0, 0, .. "garbage!"u8];
        ReadOnlyMemory<byte>[] frames = [hello, junk];

        await Assert.ThrowsAsync<UacpException>(() => ServerTarget.RunAsync([.. frames], ServerTarget.TrivialHandler).WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
