using System.Runtime.InteropServices;

namespace IIoT.Gateway.Buffering;

/// <summary>libc entry points for <see cref="DirectorySync"/> and <see cref="DataSync"/>. DllImport, because LibraryImport needs unsafe code.</summary>
internal static class NativeMethods
{
#pragma warning disable SYSLIB1054, CA2101, IDE1006 // plain blittable signatures; names are libc's
    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    internal static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    internal static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    internal static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    internal static extern int fdatasync(int fd);
#pragma warning restore SYSLIB1054, CA2101, IDE1006
}
