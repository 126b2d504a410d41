using System.Buffers;
using CodeFormer.Core.Imaging;
using CodeFormer.Core.Inference;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace CodeFormer.Core.Restoration;

/// <summary>
/// The CodeFormer network over ONNX Runtime: one session per model, safe for concurrent use. Faces go through
/// in batches when the model has a dynamic batch dimension, one at a time otherwise.
/// </summary>
public sealed class CodeFormerRestorer : IDisposable
{
    private readonly OnnxSession _session;
    private readonly RestorerOptions _options;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public CodeFormerRestorer(ModelSource model, InferenceOptions inference, RestorerOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inference);
        _options = options ?? new RestorerOptions();
        try
        {
            _session = OnnxSessionFactory.Create(model, inference, logger);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelSignatureException($"'{model.Name}' is not a loadable ONNX model: {ex.Message}");
        }

        try
        {
            Signature = CodeFormerSignature.Read(_session.Session);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        _inputNames = Signature.Fidelity is { } f ? [Signature.ImageInput, f.Name] : [Signature.ImageInput];
        _outputNames = [Signature.ImageOutput];
    }

    public CodeFormerSignature Signature { get; }

    public ExecutionDevice Device => _session.Device;

    /// <summary>Faces per network run: the model's fixed batch, else the configured maximum.</summary>
    public int BatchSize => Signature.FixedBatch ?? _options.MaxBatchSize;

    /// <summary>Restores aligned 512×512 faces with fidelity <paramref name="fidelity"/> (w ∈ [0, 1]).</summary>
    public IReadOnlyList<RgbImage> Restore(IReadOnlyList<RgbImage> faces, double fidelity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ValidateFidelity(fidelity);
        var restored = new RgbImage[faces.Count];
        int batch = BatchSize;
        float[] input = ArrayPool<float>.Shared.Rent(batch * FaceTensor.FaceLength);
        float[] output = ArrayPool<float>.Shared.Rent(batch * FaceTensor.FaceLength);
        try
        {
            for (int start = 0; start < faces.Count; start += batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Signature.FixedBatch ?? Math.Min(batch, faces.Count - start);
                int real = Math.Min(count, faces.Count - start);
                for (int i = 0; i < count; i++)
                {
                    // A fixed batch larger than what is left is padded by repeating the last face.
                    FaceTensor.Write(faces[start + Math.Min(i, real - 1)], input.AsSpan(i * FaceTensor.FaceLength, FaceTensor.FaceLength));
                }

                Run(input.AsSpan(0, count * FaceTensor.FaceLength), count, fidelity, output.AsSpan(0, count * FaceTensor.FaceLength));
                for (int i = 0; i < real; i++)
                {
                    restored[start + i] = FaceTensor.Read(output.AsSpan(i * FaceTensor.FaceLength, FaceTensor.FaceLength));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
            ArrayPool<float>.Shared.Return(output);
        }

        return restored;
    }

    /// <summary>One network run on an NCHW tensor of <paramref name="batch"/> faces, writing the image output.</summary>
    public void Run(Span<float> input, int batch, double fidelity, Span<float> output)
    {
        ValidateFidelity(fidelity);
        if (input.Length != batch * FaceTensor.FaceLength || output.Length != input.Length)
        {
            throw new ArgumentException($"Tensors must hold {batch} × 3 × 512 × 512 floats.");
        }

        if (Signature.FixedBatch is { } fixedBatch && fixedBatch != batch)
        {
            throw new ArgumentException($"This model takes exactly {fixedBatch} face(s) per run, not {batch}.", nameof(batch));
        }

        long[] shape = [batch, 3, CodeFormerSignature.Size, CodeFormerSignature.Size];
        unsafe
        {
            fixed (float* inPtr = input)
            fixed (float* outPtr = output)
            {
                using var inValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, shape, (nint)inPtr, input.Length * sizeof(float));
                using var outValue = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, shape, (nint)outPtr, output.Length * sizeof(float));
                using var fidelityValue = CreateFidelity(fidelity);
                OrtValue[] inputs = fidelityValue is null ? [inValue] : [inValue, fidelityValue];
                using var runOptions = new RunOptions();
                _session.Session.Run(runOptions, _inputNames, inputs, _outputNames, [outValue]);
            }
        }
    }

    public void Dispose() => _session.Dispose();

    private OrtValue? CreateFidelity(double fidelity)
    {
        if (Signature.Fidelity is not { } f)
        {
            return null;
        }

        long[] shape = f.IsScalar ? [] : [1];
        return f.IsDouble
            ? OrtValue.CreateTensorValueFromMemory(new[] { fidelity }, shape)
            : OrtValue.CreateTensorValueFromMemory(new[] { (float)fidelity }, shape);
    }

    private static void ValidateFidelity(double fidelity)
    {
        if (!(fidelity >= 0 && fidelity <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fidelity), fidelity, "Fidelity w must be between 0 and 1.");
        }
    }
}
