using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace CodeFormer.Backend.Storage;

/// <summary>
/// What identifies one version of a file without reading it: its length and last-write time. A rename keeps both,
/// so a file published by <see cref="AtomicFile"/> has the stamp its temporary file had.
/// </summary>
internal readonly record struct FileStamp(long Length, long LastWriteTicks)
{
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks);
    }

    /// <summary>The stamp of the file an open handle reads, whatever has been renamed over its path since.</summary>
    public static FileStamp Of(SafeFileHandle handle) => new(RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle).Ticks);

    /// <summary>The ETag of a file no store write annotated (one dropped into the folder): changes when the file does.</summary>
    public string ETag => string.Create(CultureInfo.InvariantCulture, $"\"f{LastWriteTicks:x}-{Length:x}\"");
}
