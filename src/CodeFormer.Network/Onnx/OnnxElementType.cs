namespace CodeFormer.Network.Onnx;

/// <summary>ONNX tensor element types (the <c>TensorProto.DataType</c> codes) this project writes.</summary>
public enum OnnxElementType
{
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
    Float16 = 10,
    Double = 11,
}
