namespace CodeFormer.Network.Checkpoints;

/// <summary>Element types of PyTorch storages, named by their legacy storage classes (<c>torch.FloatStorage</c>, ...).</summary>
internal enum TorchDType
{
    Float32,
    Float16,
    BFloat16,
    Float64,
    Int64,
    Int32,
    Int16,
    Int8,
    UInt8,
    Bool,
}

internal static class TorchDTypes
{
    private static readonly Dictionary<string, TorchDType> s_byStorageClass = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = TorchDType.Float32,
        ["HalfStorage"] = TorchDType.Float16,
        ["BFloat16Storage"] = TorchDType.BFloat16,
        ["DoubleStorage"] = TorchDType.Float64,
        ["LongStorage"] = TorchDType.Int64,
        ["IntStorage"] = TorchDType.Int32,
        ["ShortStorage"] = TorchDType.Int16,
        ["CharStorage"] = TorchDType.Int8,
        ["ByteStorage"] = TorchDType.UInt8,
        ["BoolStorage"] = TorchDType.Bool,
    };

    public static bool TryFromStorageClass(string name, out TorchDType type) => s_byStorageClass.TryGetValue(name, out type);

    public static int Size(this TorchDType type) => type switch
    {
        TorchDType.Float32 or TorchDType.Int32 => 4,
        TorchDType.Float16 or TorchDType.BFloat16 or TorchDType.Int16 => 2,
        TorchDType.Float64 or TorchDType.Int64 => 8,
        _ => 1,
    };

    public static bool IsFloatingPoint(this TorchDType type) =>
        type is TorchDType.Float32 or TorchDType.Float16 or TorchDType.BFloat16 or TorchDType.Float64;

    public static bool IsInteger(this TorchDType type) =>
        type is TorchDType.Int64 or TorchDType.Int32;

    public static string TorchName(this TorchDType type) => type switch
    {
        TorchDType.Float32 => "float32",
        TorchDType.Float16 => "float16",
        TorchDType.BFloat16 => "bfloat16",
        TorchDType.Float64 => "float64",
        TorchDType.Int64 => "int64",
        TorchDType.Int32 => "int32",
        TorchDType.Int16 => "int16",
        TorchDType.Int8 => "int8",
        TorchDType.UInt8 => "uint8",
        _ => "bool",
    };
}
