namespace CodeFormer.Core.Pipeline;

/// <summary>Wall time per pipeline stage for one image, in milliseconds.</summary>
public sealed record StageTimings(double DecodeMs, double DetectMs, double AlignMs, double InferMs, double PasteMs, double EncodeMs)
{
    /// <summary>Face parsing of the restored faces (the official parse branch's network), when it ran.</summary>
    public double ParseMs { get; init; }

    public double TotalMs => DecodeMs + DetectMs + AlignMs + InferMs + ParseMs + PasteMs + EncodeMs;
}
