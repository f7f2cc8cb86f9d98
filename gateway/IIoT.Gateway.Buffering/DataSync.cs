using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IIoT.Gateway.Buffering;

/// <summary>
/// fdatasync on Linux: flushes the data and the metadata needed to read it back (the size), but not the
/// timestamps that every write changes. Together with a zero-filled region ahead of the write position (so most
/// writes change no size either), a group commit costs one device flush instead of a data flush plus a journal
/// commit; PostgreSQL's WAL does the same. Elsewhere <see cref="RandomAccess.FlushToDisk"/> (fsync).
/// </summary>
internal static class DataSync
{
    public static void Flush(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(handle);
            return;
        }
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (NativeMethods.fdatasync((int)handle.DangerousGetHandle()) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"fdatasync failed (errno {errno}): the data is not known to be durable.", errno);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
