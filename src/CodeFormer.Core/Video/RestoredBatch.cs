using CodeFormer.Core.Pipeline;

namespace CodeFormer.Core.Video;

/// <summary>Consecutive frames restored together, in order, with the time each stage took for all of them.</summary>
public sealed record RestoredBatch(IReadOnlyList<RestoredFrame> Frames, StageTimings Timings);
