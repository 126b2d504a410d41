namespace CodeFormer.Cli.Video;

/// <summary>A video that cannot be restored (or no ffmpeg to read it), with a message fit for the user.</summary>
internal sealed class VideoRejectedException(string message) : Exception(message);
