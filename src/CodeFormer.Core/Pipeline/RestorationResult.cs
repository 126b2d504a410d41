using CodeFormer.Core.PasteBack;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Pipeline;

/// <summary>The final image plus everything the official tool also writes: aligned crops and restored faces.</summary>
public sealed record RestorationResult(PastedImage Final, PreparedImage Prepared, IReadOnlyList<RgbImage> RestoredFaces, RestorationReport Report);
