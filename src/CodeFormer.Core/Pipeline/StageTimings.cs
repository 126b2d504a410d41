namespace CodeFormer.Core.Pipeline;

/// <summary>Wall time per pipeline stage for one image, in milliseconds.</summary>
public sealed record StageTimings(double DecodeMs, double DetectMs, double AlignMs, double InferMs, double PasteMs, double EncodeMs)
{
    public double TotalMs => DecodeMs + DetectMs + AlignMs + InferMs + PasteMs + EncodeMs;
}
