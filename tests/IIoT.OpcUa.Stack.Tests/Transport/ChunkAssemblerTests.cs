using System.Buffers.Binary;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Tests.Transport;

public sealed class ChunkAssemblerTests
{
    private const uint Channel = 7;

    [Fact]
    public void Intermediate_chunks_are_kept_until_the_final_one()
    {
        using var assembler = new ChunkAssembler(8192, 1 << 20, 10);
        Assert.Equal(ChunkOutcomeKind.Incomplete, assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, [1, 2])).Kind);
        Assert.Equal(ChunkOutcomeKind.Incomplete, assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, [3])).Kind);
        Assert.Equal(3, assembler.BufferedBytes);
        Assert.Equal(2, assembler.BufferedChunks);

        var outcome = assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Final, Channel, [4, 5]));
        Assert.Equal(ChunkOutcomeKind.Complete, outcome.Kind);
        using var message = outcome.Message!;
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, message.Body.ToArray());
        Assert.Equal(3, message.ChunkCount);
        Assert.Equal(Channel, message.SecureChannelId);
        Assert.Equal(0, assembler.BufferedBytes);
        Assert.Equal(0, assembler.RentedBytes); // the buffer went to the message
    }

    [Fact]
    public void Body_offset_skips_the_security_and_sequence_headers()
    {
        using var assembler = new ChunkAssembler(8192, 1 << 20, 10);
        var chunk = Chunks.Make(MessageType.Message, ChunkType.Final, Channel, [0xAA, 0xAA, 0xAA, 0xAA, 9, 8]);
        var outcome = assembler.Add(chunk, bodyOffset: 16);
        using var message = outcome.Message!;
        Assert.Equal(new byte[] { 9, 8 }, message.Body.ToArray());

        Assert.Equal(ChunkOutcomeKind.Failed, assembler.Add(chunk, bodyOffset: chunk.Length + 1).Kind);
        Assert.Equal(ChunkOutcomeKind.Failed, assembler.Add(chunk, bodyOffset: 11).Kind);
    }

    [Fact]
    public void Open_and_close_are_single_chunks_that_leave_a_message_in_progress_alone()
    {
        using var assembler = new ChunkAssembler(8192, 1 << 20, 10);
        assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, [1]));
        var open = assembler.Add(Chunks.Make(MessageType.OpenSecureChannel, ChunkType.Final, Channel, [42]));
        using (var message = open.Message!)
        {
            Assert.Equal(MessageType.OpenSecureChannel, message.Type);
            Assert.Equal(new byte[] { 42 }, message.Body.ToArray());
        }

        Assert.Equal(1, assembler.BufferedChunks);

        var close = assembler.Add(Chunks.Make(MessageType.CloseSecureChannel, ChunkType.Final, Channel, []));
        using (var message = close.Message!)
        {
            Assert.Equal(MessageType.CloseSecureChannel, message.Type);
            Assert.True(message.Body.IsEmpty);
        }
    }

    [Fact]
    public void A_message_exactly_at_the_size_and_count_limits_is_accepted()
    {
        using var assembler = new ChunkAssembler(8192, maxMessageSize: 300, maxChunkCount: 3);
        assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, new byte[100]));
        assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, new byte[100]));
        var outcome = assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Final, Channel, new byte[100]));
        using var message = outcome.Message!;
        Assert.Equal(300, message.Body.Length);
    }

    [Fact]
    public void UA_D09_a_flood_of_intermediate_chunks_fails_once_the_chunk_count_is_exceeded_and_releases_memory()
    {
        using var assembler = new ChunkAssembler(8192, uint.MaxValue >> 2, maxChunkCount: 16);
        var full = Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, new byte[8192 - 12]);
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(ChunkOutcomeKind.Incomplete, assembler.Add(full).Kind);
        }

        var outcome = assembler.Add(full);
        Assert.Equal(ChunkOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, outcome.StatusCode);
        Assert.Equal(0, assembler.BufferedBytes);
        Assert.Equal(0, assembler.RentedBytes);
    }

    [Fact]
    public void UA_D09_a_flood_of_intermediate_chunks_fails_once_the_size_is_exceeded_with_memory_bounded()
    {
        const uint maxMessage = 100_000;
        using var assembler = new ChunkAssembler(8192, maxMessage, maxChunkCount: 0); // no count limit: size alone
        var full = Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, new byte[8192 - 12]);
        ChunkOutcome outcome;
        var sent = 0;
        var peakRented = 0;
        do
        {
            outcome = assembler.Add(full);
            sent++;
            peakRented = Math.Max(peakRented, assembler.RentedBytes);
        }
        while (outcome.Kind == ChunkOutcomeKind.Incomplete && sent < 10_000);

        Assert.Equal(ChunkOutcomeKind.Failed, outcome.Kind);
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, outcome.StatusCode);
        Assert.Equal((int)(maxMessage / (8192 - 12)) + 1, sent); // the first chunk that would cross the limit
        Assert.InRange(peakRented, 1, 2 * (int)maxMessage);       // the pool may round up, never more
        Assert.Equal(0, assembler.RentedBytes);

        // After the failure the assembler holds nothing and a fresh message works again.
        var next = assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Final, Channel, [1]));
        using var message = next.Message!;
        Assert.Equal(new byte[] { 1 }, message.Body.ToArray());
    }

    [Fact]
    public void UA_D09_a_final_chunk_that_crosses_the_size_limit_also_fails()
    {
        using var assembler = new ChunkAssembler(8192, 10, 0);
        Assert.Equal(ChunkOutcomeKind.Incomplete, assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, new byte[6])).Kind);
        var outcome = assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Final, Channel, new byte[5]));
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, outcome.StatusCode);
        Assert.Equal(0, assembler.RentedBytes);
    }

    [Fact]
    public void UA_D10_an_abort_chunk_discards_the_partial_message_and_reports_its_reason()
    {
        using var assembler = new ChunkAssembler(8192, 1 << 20, 10);
        assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, new byte[1000]));
        assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, new byte[1000]));
        Assert.Equal(2000, assembler.BufferedBytes);

        var outcome = assembler.Add(Chunks.Abort(Channel, StatusCodes.BadRequestTooLarge, "too big to finish"));
        Assert.Equal(ChunkOutcomeKind.Aborted, outcome.Kind);
        Assert.Equal(StatusCodes.BadRequestTooLarge, outcome.StatusCode);
        Assert.Equal("too big to finish", outcome.Reason);
        Assert.Null(outcome.Message);
        Assert.Equal(0, assembler.BufferedBytes);
        Assert.Equal(0, assembler.RentedBytes);

        // The channel stays usable: the next message is not mixed with the aborted one.
        var next = assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Final, Channel, [5]));
        using var message = next.Message!;
        Assert.Equal(new byte[] { 5 }, message.Body.ToArray());
        Assert.Equal(1, message.ChunkCount);
    }

    [Fact]
    public void UA_D10_a_malformed_abort_still_discards_state_and_fails_cleanly()
    {
        using var assembler = new ChunkAssembler(8192, 1 << 20, 10);
        assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, new byte[100]));
        var body = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), 5000); // reason length past the chunk and the limit
        var outcome = assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Abort, Channel, body));
        Assert.Equal(ChunkOutcomeKind.Failed, outcome.Kind);
        Assert.NotEqual(0u, outcome.StatusCode);
        Assert.Equal(0, assembler.RentedBytes);
    }

    [Fact]
    public void UA_D10_random_abort_bodies_never_throw()
    {
        var random = new Random(3);
        using var assembler = new ChunkAssembler(8192, 1 << 20, 10);
        for (var i = 0; i < 5_000; i++)
        {
            var body = new byte[random.Next(0, 40)];
            random.NextBytes(body);
            if (body.Length >= 8 && random.Next(2) == 0)
            {
                BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), random.Next(-2, 40));
            }

            var outcome = assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Abort, Channel, body));
            Assert.True(outcome.Kind is ChunkOutcomeKind.Aborted or ChunkOutcomeKind.Failed);
        }
    }

    [Fact]
    public void UA_D11_oversize_truncated_or_wrong_type_chunks_fail_and_release_state()
    {
        using var assembler = new ChunkAssembler(8192, 1 << 20, 10);
        assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, new byte[10]));
        var oversize = Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, new byte[8192 - 11]);
        var outcome = assembler.Add(oversize);
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, outcome.StatusCode);
        Assert.Equal(0, assembler.RentedBytes);

        var chunk = Chunks.Make(MessageType.Message, ChunkType.Final, Channel, new byte[10]);
        Assert.Equal(StatusCodes.BadDecodingError, assembler.Add(chunk.AsSpan(0, chunk.Length - 1)).StatusCode);

        var hello = Bytes.Encode(new HelloMessage(0, 8192, 8192, 0, 0, null).Encode);
        Assert.Equal(StatusCodes.BadTcpMessageTypeInvalid, assembler.Add(hello).StatusCode);

        for (var length = 0; length < 12; length++)
        {
            Assert.Equal(ChunkOutcomeKind.Failed, assembler.Add(chunk.AsSpan(0, length)).Kind);
        }
    }

    [Fact]
    public void A_chunk_of_another_channel_inside_a_message_fails()
    {
        using var assembler = new ChunkAssembler(8192, 1 << 20, 10);
        assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Intermediate, Channel, [1]));
        var outcome = assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Final, Channel + 1, [2]));
        Assert.Equal(StatusCodes.BadTcpSecureChannelUnknown, outcome.StatusCode);
        Assert.Equal(0, assembler.RentedBytes);
    }

    [Fact]
    public void Disposing_the_message_releases_its_body()
    {
        using var assembler = new ChunkAssembler(8192, 1 << 20, 10);
        var message = assembler.Add(Chunks.Make(MessageType.Message, ChunkType.Final, Channel, [1])).Message!;
        message.Dispose();
        message.Dispose();
        Assert.Throws<ObjectDisposedException>(() => message.Body);
    }
}
