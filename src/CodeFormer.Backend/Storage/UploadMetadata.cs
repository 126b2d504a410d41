namespace CodeFormer.Backend.Storage;

/// <summary>Blob metadata the API sets on its uploads, so the detect stage finds the job it belongs to.</summary>
public static class UploadMetadata
{
    public const string JobId = "jobid";
}
