using System.Runtime.CompilerServices;
using System.Buffers;
using System.Runtime.Intrinsics;
using CodeFormer.Core.Alignment;
using CodeFormer.Core.Geometry;
using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.PasteBack;

/// <summary>
/// Puts restored faces back into the photo with the official blend: the background enlarged bilinearly, each
/// face inverse-warped, a square mask warped the same way, eroded by (2·upscale)², then by (2e)² with
/// e = ⌊√area⌋ // 20, Gaussian-feathered (kernel 2e + 1), and blended mask·face + (1 − mask)·background,
/// truncated to 8 bits. All of it happens on each face's region only.
/// </summary>
public static class FacePaster
{
    private const int BlendRowsPerTask = 32;
    private static readonly Rgb24Color s_boxColour = new(0, 255, 0);
    private static readonly Rgb24Color s_black = new(0, 0, 0);

    /// <param name="background">The canvas to paste onto, already the working image's size × upscale (with its alpha, or
    /// null): the Real-ESRGAN background. Null enlarges the working image bilinearly, as the official code does without
    /// a background upsampler.</param>
    public static PastedImage Paste(RgbImage working, GrayImage? alpha, IReadOnlyList<PasteFace> faces, PasteOptions options, (RgbImage Rgb, GrayImage? Alpha)? background = null)
    {
        ArgumentNullException.ThrowIfNull(working);
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(options);

        int up = options.Upscale;
        int canvasWidth = working.Width * up, canvasHeight = working.Height * up;
        var placed = new List<(PasteFace Face, AffineMatrix CropToCanvas, FaceRegion Region)>();
        foreach (var face in faces)
        {
            var cropToCanvas = CropToCanvas(face.ImageToCrop, up);
            var region = FaceRegion.For(cropToCanvas, up, canvasWidth, canvasHeight);
            if (!region.IsEmpty)
            {
                placed.Add((face, cropToCanvas, region));
            }
        }

        var masks = new FaceMask?[placed.Count];
        try
        {
            // Faces blend in order, each over what the previous ones left, but their masks do not depend on any
            // pixels: they are built a batch at a time, the first batch while the background is enlarged.
            int batch = Math.Max(2, Environment.ProcessorCount);
            RgbImage canvas = null!;
            GrayImage? canvasAlpha = null;
            Parallel.Invoke(
                () => (canvas, canvasAlpha) = background is { } given ? Adopt(given, canvasWidth, canvasHeight) : Enlarge(working, alpha, up),
                () => BuildMasks(placed, masks, 0, Math.Min(batch, placed.Count), up));
            for (int first = 0; first < placed.Count; first += batch)
            {
                int end = Math.Min(placed.Count, first + batch);
                if (first > 0)
                {
                    BuildMasks(placed, masks, first, end, up);
                }

                for (int i = first; i < end; i++)
                {
                    Blend(canvas, placed[i].Face, placed[i].CropToCanvas, placed[i].Region, masks[i]!, options.IsGray);
                    if (!options.DrawBox)
                    {
                        masks[i]!.Dispose();
                        masks[i] = null;
                    }
                }
            }

            if (options.DrawBox)
            {
                for (int i = 0; i < placed.Count; i++)
                {
                    DrawFrame(canvas, placed[i].CropToCanvas, placed[i].Region, masks[i]!.Area);
                }
            }

            return new PastedImage(canvas, canvasAlpha);
        }
        finally
        {
            foreach (var mask in masks)
            {
                mask?.Dispose();
            }
        }
    }

    private static (RgbImage Canvas, GrayImage? Alpha) Adopt((RgbImage Rgb, GrayImage? Alpha) background, int width, int height)
    {
        if (background.Rgb.Width != width || background.Rgb.Height != height)
        {
            throw new ArgumentException($"The background is {background.Rgb.Width}×{background.Rgb.Height}, the canvas {width}×{height}.", nameof(background));
        }

        return (background.Rgb.Clone(), background.Alpha is null ? null : new GrayImage(width, height, (byte[])background.Alpha.Pixels.Clone()));
    }

    private static (RgbImage Canvas, GrayImage? Alpha) Enlarge(RgbImage working, GrayImage? alpha, int upscale)
    {
        if (upscale == 1)
        {
            var copy = RgbImage.Uninitialized(working.Width, working.Height);
            PagePopulation.Populate(copy.Pixels);
            working.Pixels.CopyTo(copy.Pixels, 0);
            return (copy, alpha is null ? null : new GrayImage(alpha.Width, alpha.Height, (byte[])alpha.Pixels.Clone()));
        }

        int w = working.Width * upscale, h = working.Height * upscale;
        return (BilinearResize.Resize(working, w, h), alpha is null ? null : BilinearResize.Resize(alpha, w, h));
    }

    private static void BuildMasks(List<(PasteFace Face, AffineMatrix CropToCanvas, FaceRegion Region)> placed, FaceMask?[] masks, int start, int end, int upscale) =>
        Parallel.For(start, end, i => masks[i] = FaceMask.Build(placed[i].CropToCanvas, placed[i].Region, upscale));

    /// <summary>The official paste matrix: the crop matrix inverted, times upscale, shifted by upscale/2 when enlarging.</summary>
    public static AffineMatrix CropToCanvas(AffineMatrix imageToCrop, int upscale)
    {
        var m = imageToCrop.Invert().Scale(upscale);
        return upscale > 1 ? m.Translate(0.5 * upscale, 0.5 * upscale) : m;
    }

    private static void Blend(RgbImage canvas, PasteFace face, AffineMatrix cropToCanvas, FaceRegion region, FaceMask mask, bool isGray)
    {
        if (isGray)
        {
            double[] restored = ArrayPool<double>.Shared.Rent(face.Restored.Width * face.Restored.Height * 3);
            try
            {
                GrayscaleTransfer.Apply(face.Restored, face.Crop, restored);
                BlendWarpedDouble(canvas, region, restored, face.Restored.Width, face.Restored.Height, cropToCanvas, mask.Hard, mask.Soft);
            }
            finally
            {
                ArrayPool<double>.Shared.Return(restored);
            }
        }
        else
        {
            BlendWarped(canvas, region, face.Restored, cropToCanvas, mask.Hard, mask.Soft);
        }
    }

    /// <summary>
    /// Warps the face and blends it in one pass, row by row, over just the columns the soft mask reaches (the warped
    /// face is needed nowhere else); the warp is the same <see cref="AffineWarp"/> sampling with a black border.
    /// </summary>
    private static void BlendWarped(RgbImage canvas, FaceRegion region, RgbImage face, AffineMatrix cropToCanvas, FloatPlane hardMask, FloatPlane soft)
    {
        var sampling = new WarpSampling(cropToCanvas.Invert(), region.X, region.Width);
        ForEachFeatheredRow<byte>(region, soft, (y, first, end, warped) =>
        {
            AffineWarp.RgbSpan(face, sampling, region.Y + y, first, end, warped, s_black);
            BlendRow(canvas.Row(region.Y + y).Slice((region.X + first) * 3, (end - first) * 3), warped, hardMask.Row(y)[first..end], soft.Row(y)[first..end]);
        });
    }

    /// <summary>
    /// Calls <paramref name="row"/> for each region row the soft mask reaches, with the span [first, end) of columns it
    /// reaches and a pooled scratch row, in parallel chunks of rows when the region is large.
    /// </summary>
    private static void ForEachFeatheredRow<T>(FaceRegion region, FloatPlane soft, FeatheredRow<T> row)
    {
        int chunks = (long)region.Width * region.Height < 64 * 1024 ? 1 : (region.Height + BlendRowsPerTask - 1) / BlendRowsPerTask;
        int rowsPerChunk = (region.Height + chunks - 1) / chunks;
        Parallel.For(0, chunks, chunk =>
        {
            T[] scratch = ArrayPool<T>.Shared.Rent(region.Width * 3);
            try
            {
                for (int y = chunk * rowsPerChunk, end = Math.Min(region.Height, (chunk + 1) * rowsPerChunk); y < end; y++)
                {
                    var m = soft.Row(y);
                    int first = FloatSearch.IndexOfAnyExcept(m, 0f);
                    if (first >= 0)
                    {
                        row(y, first, FloatSearch.LastIndexOfAnyExcept(m, 0f) + 1, scratch);
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(scratch);
            }
        });
    }

    private delegate void FeatheredRow<T>(int y, int first, int end, T[] scratch);

    /// <summary>
    /// dst = trunc(s·(hard·face) + (1 − s)·dst) per channel, in float as the official code. Where s = 0 this gives
    /// dst back exactly (0·x + 1·dst), so whole vectors of 8 pixels are blended without testing s.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void BlendRow(Span<byte> destination, ReadOnlySpan<byte> face, ReadOnlySpan<float> hardMask, ReadOnlySpan<float> soft)
    {
        fixed (byte* dst = destination)
        fixed (byte* src = face)
        fixed (float* hard = hardMask)
        fixed (float* m = soft)
        {
            int x = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // Channel c of pixel p sits in lane (3p + c) % 8 of vector (3p + c) / 8: these spread each pixel's
                // mask values over its three channels.
                var first = Vector256.Create(0, 0, 0, 1, 1, 1, 2, 2);
                var second = Vector256.Create(2, 3, 3, 3, 4, 4, 4, 5);
                var third = Vector256.Create(5, 5, 6, 6, 6, 7, 7, 7);
                for (; x <= soft.Length - 8; x += 8)
                {
                    var s = Vector256.Load(m + x);
                    var h = Vector256.Load(hard + x);
                    byte* d = dst + (x * 3);
                    byte* f = src + (x * 3);
                    var v0 = BlendLanes(Vector256.Shuffle(s, first), Vector256.Shuffle(h, first), f, d);
                    var v1 = BlendLanes(Vector256.Shuffle(s, second), Vector256.Shuffle(h, second), f + 8, d + 8);
                    var v2 = BlendLanes(Vector256.Shuffle(s, third), Vector256.Shuffle(h, third), f + 16, d + 16);
                    var bytes = Vector256.Narrow(Vector256.Narrow(v0, v1).AsUInt16(), Vector256.Narrow(v2, v2).AsUInt16());
                    bytes.GetLower().Store(d);
                    Unsafe.WriteUnaligned(d + 16, bytes.GetUpper().AsUInt64().ToScalar());
                }
            }

            for (; x < soft.Length; x++)
            {
                float s = m[x];
                if (s == 0f)
                {
                    continue;
                }

                float keep = 1f - s, h = hard[x];
                byte* d = dst + (x * 3);
                byte* f = src + (x * 3);
                d[0] = Truncate((s * (h * f[0])) + (keep * d[0]));
                d[1] = Truncate((s * (h * f[1])) + (keep * d[1]));
                d[2] = Truncate((s * (h * f[2])) + (keep * d[2]));
            }
        }
    }

    /// <summary>Eight channel values: trunc(s·(h·face) + (1 − s)·dst) as ints (all within 0…255 here).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<int> BlendLanes(Vector256<float> s, Vector256<float> h, byte* face, byte* dst)
    {
        var value = (s * (h * EightBytes(face))) + ((Vector256<float>.One - s) * EightBytes(dst));
        return Vector256.ConvertToInt32(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> EightBytes(byte* p)
    {
        var bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(p)).AsByte();
        var (low, high) = Vector128.Widen(Vector128.WidenLower(bytes));
        return Vector256.ConvertToSingle(Vector256.Create(low, high).AsInt32());
    }

    /// <summary>The grayscale path's blend: the face in doubles, warped and blended row by row like <see cref="BlendWarped"/>.</summary>
    private static void BlendWarpedDouble(RgbImage canvas, FaceRegion region, double[] face, int faceWidth, int faceHeight, AffineMatrix cropToCanvas, FloatPlane hardMask, FloatPlane soft)
    {
        var sampling = new WarpSampling(cropToCanvas.Invert(), region.X, region.Width);
        ForEachFeatheredRow<double>(region, soft, (y, first, end, warped) =>
        {
            AffineWarp.RgbSpan(face, faceWidth, faceHeight, sampling, region.Y + y, first, end, warped);
            BlendRowDouble(canvas.Row(region.Y + y).Slice((region.X + first) * 3, (end - first) * 3), warped, hardMask.Row(y)[first..end], soft.Row(y)[first..end]);
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlendRowDouble(Span<byte> dst, ReadOnlySpan<double> face, ReadOnlySpan<float> hard, ReadOnlySpan<float> m)
    {
        for (int x = 0; x < m.Length; x++)
        {
            float s = m[x];
            if (s == 0f)
            {
                continue;
            }

            float keep = 1f - s;
            for (int c = 0; c < 3; c++)
            {
                int i = (x * 3) + c;
                double pasted = hard[x] * face[i];
                double value = (s * pasted) + (keep * dst[i]);
                dst[i] = Truncate(value);
            }
        }
    }

    /// <summary>
    /// numpy's <c>astype(np.uint8)</c>: truncate toward zero, keep the low 8 bits (only reachable by the grayscale
    /// path's statistics transfer, which can overshoot 255).
    /// </summary>
    private static byte Truncate(double value) => unchecked((byte)(int)value);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DrawFrame(RgbImage canvas, AffineMatrix cropToCanvas, FaceRegion region, double area)
    {
        int size = FfhqTemplate.CropSize;
        int border = area > 0 ? (int)(1400 / Math.Sqrt(area)) : 1;
        float[] frame = ArrayPool<float>.Shared.Rent(size * size);
        using var warped = FloatPlane.Uninitialized(region.Width, region.Height);
        try
        {
            for (int y = 0; y < size; y++)
            {
                var row = frame.AsSpan(y * size, size);
                FloatKernels.Fill(row, 1f);
                if (y >= border && y < size - border && size - border > border)
                {
                    row[border..(size - border)].Clear();
                }
            }

            AffineWarp.Plane(frame, size, size, cropToCanvas, warped.Buffer, region.Width, region.Height, region.X, region.Y);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(frame);
        }

        for (int y = 0; y < region.Height; y++)
        {
            var dst = canvas.Row(region.Y + y).Slice(region.X * 3, region.Width * 3);
            var m = warped.Row(y);
            int first = FloatSearch.IndexOfAnyExcept(m, 0f);
            if (first < 0)
            {
                continue;
            }

            for (int x = first, last = FloatSearch.LastIndexOfAnyExcept(m, 0f); x <= last; x++)
            {
                if (m[x] == 0f)
                {
                    continue;
                }

                for (int c = 0; c < 3; c++)
                {
                    dst[(x * 3) + c] = Truncate((m[x] * s_boxColour[c]) + ((1f - m[x]) * dst[(x * 3) + c]));
                }
            }
        }
    }
}
