namespace CodeFormer.Core.Detection;

/// <summary>Receives the rows <see cref="WindowResampler"/> produces: interleaved R, G, B floats on the 0–255 scale.</summary>
internal interface IResampledRowSink
{
    void WriteRow(int y, ReadOnlySpan<float> rgb);
}
