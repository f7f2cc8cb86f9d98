using System.Runtime.InteropServices;

namespace IIoT.Gateway.Buffering;

/// <summary>
/// fsync of a directory, so that a created, renamed or deleted entry survives power loss (BUF-02 new-segment case).
/// .NET cannot open a directory as a file, so this calls libc directly. On Windows it is a no-op: NTFS journals
/// directory metadata itself.
/// </summary>
internal static class DirectorySync
{
    public static void Fsync(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        // O_RDONLY (0) opens a directory on Linux and macOS; O_DIRECTORY's value differs between architectures.
        var fd = NativeMethods.open(directory, 0);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' for fsync (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            if (NativeMethods.fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{directory}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }
}
