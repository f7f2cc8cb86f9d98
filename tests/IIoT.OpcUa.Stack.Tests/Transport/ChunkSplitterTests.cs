using System.Buffers;
using System.Buffers.Binary;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Tests.Transport;

public sealed class ChunkSplitterTests
{
    private const uint Buffer = 8192;
    private const int BodyPerChunk = 8192 - 12;

    public static TheoryData<int> Sizes => new()
    {
        0, 1, 2, 100, BodyPerChunk - 1, BodyPerChunk, BodyPerChunk + 1, 2 * BodyPerChunk - 1, 2 * BodyPerChunk,
        2 * BodyPerChunk + 1, 3 * BodyPerChunk, 5 * BodyPerChunk + 17, 10 * BodyPerChunk, 100_000,
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Split_then_assemble_round_trips(int size)
    {
        var body = Chunks.Pattern(size);
        var splitter = new ChunkSplitter(Buffer, maxChunkCount: 0, maxMessageSize: 0);
        var output = new ArrayBufferWriter<byte>();
        Assert.True(splitter.TrySplit(MessageType.Message, 9, body, output, out _));

        var frames = Chunks.Frames(output.WrittenSpan);
        var expectedChunks = size == 0 ? 1 : (size + BodyPerChunk - 1) / BodyPerChunk;
        Assert.Equal(expectedChunks, frames.Count);
        Assert.Equal(expectedChunks, splitter.ChunkCount(size));
        Assert.All(frames, f => Assert.InRange(f.Length, 12, (int)Buffer));
        Assert.All(frames[..^1], f => Assert.Equal((byte)'C', f[3]));
        Assert.Equal((byte)'F', frames[^1][3]);

        using var assembler = new ChunkAssembler(Buffer, 1 << 20, (uint)expectedChunks);
        AssembledMessage? message = null;
        foreach (var frame in frames)
        {
            var outcome = assembler.Add(frame);
            Assert.NotEqual(ChunkOutcomeKind.Failed, outcome.Kind);
            message = outcome.Message;
        }

        using (message)
        {
            Assert.NotNull(message);
            Assert.Equal(body, message.Body.ToArray());
            Assert.Equal(9u, message.SecureChannelId);
            Assert.Equal(expectedChunks, message.ChunkCount);
        }
    }

    [Fact]
    public void Split_then_assemble_round_trips_for_every_size_around_small_chunks()
    {
        // A tiny chunk body (20 bytes) makes every boundary case cheap to visit exhaustively.
        var splitter = new ChunkSplitter(12 + 4 + 20, 0, 0, prefixLength: 4);
        for (var size = 0; size <= 205; size++)
        {
            var body = Chunks.Pattern(size);
            var output = new ArrayBufferWriter<byte>();
            Assert.True(splitter.TrySplit(MessageType.Message, 1, body, output, out _, (i, d) => BinaryPrimitives.WriteInt32LittleEndian(d, i)));

            using var assembler = new ChunkAssembler(36, 1000, 0);
            var frames = Chunks.Frames(output.WrittenSpan);
            for (var i = 0; i < frames.Count; i++)
            {
                Assert.Equal(i, BinaryPrimitives.ReadInt32LittleEndian(frames[i].AsSpan(12))); // prefix per chunk
                var outcome = assembler.Add(frames[i], bodyOffset: 16);
                if (i < frames.Count - 1)
                {
                    Assert.Equal(ChunkOutcomeKind.Incomplete, outcome.Kind);
                    continue;
                }

                using var message = outcome.Message!;
                Assert.Equal(body, message.Body.ToArray());
            }
        }
    }

    [Fact]
    public void Respects_the_peers_chunk_count_and_message_size_without_writing_anything()
    {
        var output = new ArrayBufferWriter<byte>();
        var byCount = new ChunkSplitter(Buffer, maxChunkCount: 3, maxMessageSize: 0);
        Assert.True(byCount.TrySplit(MessageType.Message, 1, new byte[3 * BodyPerChunk], output, out _));
        output.Clear();
        Assert.False(byCount.TrySplit(MessageType.Message, 1, new byte[3 * BodyPerChunk + 1], output, out var error));
        Assert.Equal(StatusCodes.BadRequestTooLarge, error);
        Assert.Equal(0, output.WrittenCount);

        var bySize = new ChunkSplitter(Buffer, 0, maxMessageSize: 1000, tooLargeError: StatusCodes.BadResponseTooLarge);
        Assert.True(bySize.TrySplit(MessageType.Message, 1, new byte[1000], output, out _));
        output.Clear();
        Assert.False(bySize.TrySplit(MessageType.Message, 1, new byte[1001], output, out error));
        Assert.Equal(StatusCodes.BadResponseTooLarge, error);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Open_and_close_must_fit_one_chunk()
    {
        var splitter = new ChunkSplitter(Buffer, 0, 0);
        var output = new ArrayBufferWriter<byte>();
        Assert.True(splitter.TrySplit(MessageType.OpenSecureChannel, 0, new byte[BodyPerChunk], output, out _));
        Assert.Equal((byte)'F', output.WrittenSpan[3]);
        Assert.False(splitter.TrySplit(MessageType.CloseSecureChannel, 0, new byte[BodyPerChunk + 1], output, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => splitter.TrySplit(MessageType.Hello, 0, [], output, out _));
    }

    [Fact]
    public void Splitter_and_negotiated_limits_agree()
    {
        var limits = new ChannelLimits(65535, 16384, 1 << 20, 65, MaxSendMessageSize: 0, MaxSendChunkCount: 4);
        var splitter = new ChunkSplitter(limits, prefixLength: 12);
        Assert.Equal(16384 - 24, splitter.MaxBodyPerChunk);
        Assert.False(splitter.TrySplit(MessageType.Message, 1, new byte[4 * splitter.MaxBodyPerChunk + 1], new ArrayBufferWriter<byte>(), out _, (_, _) => { }));
    }

    [Fact]
    public void Abort_chunk_reason_is_cut_to_fit_and_decodes()
    {
        var splitter = new ChunkSplitter(Buffer, 0, 0);
        var output = new ArrayBufferWriter<byte>();
        splitter.WriteAbort(output, 3, StatusCodes.BadTcpInternalError, new string('x', 10_000));
        Assert.InRange(output.WrittenCount, 12, (int)Buffer);
        using var assembler = new ChunkAssembler(Buffer, 1 << 20, 10);
        var outcome = assembler.Add(output.WrittenSpan);
        Assert.Equal(ChunkOutcomeKind.Aborted, outcome.Kind);
        Assert.Equal(StatusCodes.BadTcpInternalError, outcome.StatusCode);
        Assert.Equal(new string('x', 4096), outcome.Reason);
    }
}
