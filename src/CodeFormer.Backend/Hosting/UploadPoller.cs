using CodeFormer.Backend.Storage;

namespace CodeFormer.Backend.Hosting;

/// <summary>
/// The in-process stand-in for the Event Grid blob trigger: lists the uploads container and hands each blob
/// version it has not handed on before to the detect queue. It remembers only versions still in the container
/// (what the last listing showed), so its memory never outgrows the uploads themselves; a version it forgot and
/// sees again would be a new upload anyway, and the detect stage finds a known one's job by its state.
/// </summary>
public sealed class UploadPoller(BlobStore blobs, InProcessQueues queues)
{
    private readonly object _gate = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>Upload versions remembered as handed on: at most the number in the container at the last scan.</summary>
    public int Remembered
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>Lists the uploads and hands on the new ones.</summary>
    public async Task ScanAsync(CancellationToken cancellationToken)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in blobs.Uploads.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            string key = blob.Name + "\n" + blob.ETag;
            listed.Add(key);
            bool isNew;
            lock (_gate)
            {
                isNew = _seen.Add(key);
            }

            if (isNew)
            {
                queues.SendUpload(blob.Name, blob.ETag);
            }
        }

        lock (_gate)
        {
            // Forget what is no longer listed (a concurrent scan's newer blob forgotten here is handed on again: harmless).
            _seen.IntersectWith(listed);
        }
    }
}
