using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace IIoT.Gateway.Buffering;

/// <summary>
/// The persisted acknowledgement cursor: [magic u32][cursor u64][crc32c u32] in "ack.cursor".
/// Replaced atomically: write "ack.cursor.tmp", fsync it, rename over the old file, fsync the directory.
/// A crash at any point leaves either the old or the new cursor; a missing or corrupt file means
/// "start at the first segment" (duplicates are harmless, loss is not).
/// </summary>
internal sealed class AckCursorFile
{
    public const string FileName = "ack.cursor";
    public const string TempFileName = "ack.cursor.tmp";
    private const uint Magic = 0x4B434149; // "IACK"
    private const int Size = 16;
    private readonly string _directory;
    private readonly string _path;
    private readonly string _tempPath;

    public AckCursorFile(string directory)
    {
        _directory = directory;
        _path = Path.Combine(directory, FileName);
        _tempPath = Path.Combine(directory, TempFileName);
    }

    public enum LoadResult
    {
        Loaded,
        Missing,
        Corrupt,
    }

    public LoadResult TryLoad(out ulong cursor)
    {
        cursor = 0;
        if (!File.Exists(_path))
        {
            return LoadResult.Missing;
        }
        Span<byte> buffer = stackalloc byte[Size + 1];
        int read;
        using (var handle = File.OpenHandle(_path, FileMode.Open, FileAccess.Read))
        {
            read = RandomAccess.Read(handle, buffer, 0);
        }
        if (read != Size
            || BinaryPrimitives.ReadUInt32LittleEndian(buffer) != Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(buffer[12..]) != Crc32C.Compute(buffer[..12]))
        {
            return LoadResult.Corrupt;
        }
        cursor = BinaryPrimitives.ReadUInt64LittleEndian(buffer[4..]);
        return LoadResult.Loaded;
    }

    public void Save(ulong cursor)
    {
        Span<byte> buffer = stackalloc byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, Magic);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer[4..], cursor);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[12..], Crc32C.Compute(buffer[..12]));
        using (SafeFileHandle handle = File.OpenHandle(_tempPath, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, buffer, 0);
            RandomAccess.FlushToDisk(handle);
        }
        File.Move(_tempPath, _path, overwrite: true);
        DirectorySync.Fsync(_directory);
    }
}
