namespace CodeFormer.Backend.Storage;

/// <summary>
/// Whole-file writes that no reader sees half done: the bytes go to a temporary file (in a folder on the same file
/// system), are flushed to disk, and the file is then renamed over the target, which POSIX makes atomic.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> to a new temporary file in <paramref name="tempFolder"/> and returns its path.</summary>
    public static async Task<string> WriteTempAsync(string tempFolder, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        string temp = Path.Combine(tempFolder, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            return temp;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Renames a finished temporary file over <paramref name="target"/>, creating its folder when needed.</summary>
    public static void Publish(string temp, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(temp, target, overwrite: true);
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="target"/> through a temporary file.</summary>
    public static async Task WriteAsync(string target, ReadOnlyMemory<byte> content, string tempFolder, CancellationToken cancellationToken)
    {
        string temp = await WriteTempAsync(tempFolder, content, cancellationToken).ConfigureAwait(false);
        try
        {
            Publish(temp, target);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
