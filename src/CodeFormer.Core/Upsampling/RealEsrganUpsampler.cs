using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Core.Upsampling;

/// <summary>
/// Real-ESRGAN ×2 over ONNX Runtime, driven as the official <c>RealESRGANer.enhance</c> drives it
/// (realesrgan_x2plus/ARCHITECTURE.md): pads, tiles, clamp, round half to even, a second network pass for alpha,
/// and a final Lanczos4 resize when the scale is not 2. Tiles are quantised into the result as they finish, so
/// memory beyond the input and output images is one tile's worth whatever the photo's size.
/// </summary>
public sealed class RealEsrganUpsampler : IDisposable
{
    private const int Scale = RealEsrganTiles.Scale;
    private readonly OnnxSession _session;
    private readonly string _inputName;
    private readonly string _outputName;

    public RealEsrganUpsampler(ModelSource model, InferenceOptions inference, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inference);
        _session = OnnxSessionFactory.Create(model, inference, logger);
        var input = _session.Session.InputMetadata.Single();
        var output = _session.Session.OutputMetadata.First();
        if (input.Value.Dimensions.Length != 4 || input.Value.Dimensions[1] is not (3 or -1))
        {
            _session.Dispose();
            throw new ArgumentException($"'{model.Name}' is not a Real-ESRGAN model: expected one input [N,3,H,W], found '{input.Key}' [{string.Join(",", input.Value.Dimensions)}].");
        }

        _inputName = input.Key;
        _outputName = output.Key;
    }

    public ExecutionDevice Device => _session.Device;

    /// <summary>Network runs so far (tiles, alpha passes included), for reports and tests.</summary>
    public int Runs { get; private set; }

    /// <summary>Upsamples an 8-bit photo by <paramref name="outscale"/> (×2 by the network, then Lanczos4 to the target when it is not 2).</summary>
    /// <param name="tileDone">Called after each network run with (runs done, runs in all), e.g. for progress.</param>
    public UpsampledImage Enhance(RgbImage rgb, GrayImage? alpha, UpsamplerOptions options, double outscale = Scale, CancellationToken cancellationToken = default, Action<int, int>? tileDone = null)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(options);
        var tiles = new RealEsrganTiles(rgb.Height, rgb.Width, options);
        int width = rgb.Width, height = rgb.Height;
        int total = tiles.Cuts.Count * (alpha is null ? 1 : 2), done = 0;
        void Done() => tileDone?.Invoke(++done, total);

        var colour = RgbImage.Uninitialized(Scale * width, Scale * height);
        byte[] src = rgb.Pixels;
        byte[] dst = colour.Pixels;
        Run(tiles, (c, y, x) => src[(((y * width) + x) * 3) + c] / 255f, (oy, ox, r, g, b) =>
        {
            int p = ((oy * Scale * width) + ox) * 3;
            dst[p] = Quantise8(r);
            dst[p + 1] = Quantise8(g);
            dst[p + 2] = Quantise8(b);
        }, cancellationToken, Done);

        GrayImage? upAlpha = null;
        if (alpha is not null)
        {
            upAlpha = GrayImage.Uninitialized(Scale * width, Scale * height);
            byte[] a = alpha.Pixels;
            byte[] ad = upAlpha.Pixels;
            Run(tiles, (_, y, x) => a[(y * width) + x] / 255f, (oy, ox, o0, o1, o2) => ad[(oy * Scale * width) + ox] = Quantise8(Gray(o0, o1, o2)), cancellationToken, Done);
        }

        if (outscale == Scale)
        {
            return new UpsampledImage(colour, upAlpha);
        }

        // Sizes from the original input, truncated, as int(w_in · outscale).
        int targetWidth = (int)(width * outscale), targetHeight = (int)(height * outscale);
        return new UpsampledImage(
            Lanczos4Resize.Resize(colour, targetWidth, targetHeight),
            upAlpha is null ? null : Lanczos4Resize.Resize(upAlpha, targetWidth, targetHeight));
    }

    /// <summary>
    /// A 16-bit RGB photo (interleaved, row-major). As the official driver decides by the largest value: above 256
    /// it is 16-bit (÷ 65535, result ×65535); otherwise it is taken as 8-bit (÷ 255) and the result is 8-bit values.
    /// Only ×2: the official 16-bit resize path is not reproduced.
    /// </summary>
    public (ushort[] Pixels, bool Is16Bit) Enhance16(ushort[] rgb, int width, int height, UpsamplerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(options);
        if (rgb.LongLength != 3L * width * height)
        {
            throw new ArgumentException($"Expected {3L * width * height} values for {width}×{height} RGB, got {rgb.LongLength}.", nameof(rgb));
        }

        bool is16 = rgb.Max() > 256;
        float range = is16 ? 65535f : 255f;
        var tiles = new RealEsrganTiles(height, width, options);
        var result = new ushort[rgb.Length * Scale * Scale];
        Run(tiles, (c, y, x) => rgb[(((y * width) + x) * 3) + c] / range, (oy, ox, r, g, b) =>
        {
            int p = ((oy * Scale * width) + ox) * 3;
            result[p] = Quantise(r, range);
            result[p + 1] = Quantise(g, range);
            result[p + 2] = Quantise(b, range);
        }, cancellationToken);
        return (result, is16);
    }

    public void Dispose() => _session.Dispose();

    /// <summary>OpenCV's float BGR→gray on the clamped network channels 0, 1, 2 (its vectorised form).</summary>
    private static float Gray(float o0, float o1, float o2) => MathF.FusedMultiplyAdd(o0, 0.299f, MathF.FusedMultiplyAdd(o1, 0.587f, 0.114f * o2));

    private static byte Quantise8(float v) => float.IsNaN(v) ? (byte)0 : (byte)MathF.Round(v * 255f, MidpointRounding.ToEven);

    private static ushort Quantise(float v, float range) => float.IsNaN(v) ? (ushort)0 : (ushort)MathF.Round(v * range, MidpointRounding.ToEven);

    /// <summary>Every tile through the network; each output pixel inside the unpadded result goes to <paramref name="write"/> clamped to [0, 1].</summary>
    private void Run(RealEsrganTiles tiles, Func<int, int, int, float> read, Action<int, int, float, float, float> write, CancellationToken cancellationToken, Action? done = null)
    {
        int outHeight = Scale * tiles.Height, outWidth = Scale * tiles.Width;
        foreach (var cut in tiles.Cuts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int h = cut.CutHeight, w = cut.CutWidth, plane = h * w;
            var input = new float[3 * plane];
            for (int y = 0; y < h; y++)
            {
                int sy = tiles.SourceRow(cut.CutY0 + y);
                for (int x = 0; x < w; x++)
                {
                    int sx = tiles.SourceColumn(cut.CutX0 + x);
                    for (int c = 0; c < 3; c++)
                    {
                        input[(c * plane) + (y * w) + x] = read(c, sy, sx);
                    }
                }
            }

            using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, 3, h, w]);
            using var runOptions = new RunOptions();
            using var outputs = _session.Session.Run(runOptions, [_inputName], [inputValue], [_outputName]);
            Runs++;
            var output = outputs[0].GetTensorDataAsSpan<float>();
            int ow = Scale * w, outPlane = Scale * h * ow;
            for (int oy = Scale * cut.Y0; oy < Math.Min(Scale * cut.Y1, outHeight); oy++)
            {
                int row = (oy - (Scale * cut.CutY0)) * ow;
                for (int ox = Scale * cut.X0; ox < Math.Min(Scale * cut.X1, outWidth); ox++)
                {
                    int i = row + ox - (Scale * cut.CutX0);
                    write(oy, ox, Clamp(output[i]), Clamp(output[outPlane + i]), Clamp(output[(2 * outPlane) + i]));
                }
            }

            done?.Invoke();
        }
    }

    private static float Clamp(float v) => v < 0f ? 0f : v > 1f ? 1f : v;
}
