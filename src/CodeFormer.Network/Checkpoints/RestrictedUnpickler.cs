using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace CodeFormer.Network.Checkpoints;

/// <summary>
/// Reads the pickle a PyTorch <c>torch.save</c> writes for a state dictionary, and nothing else. Only data
/// opcodes are interpreted; globals are matched against a fixed allow-list (OrderedDict, the tensor rebuild
/// functions, storage classes) and mapped to built-in behaviour — nothing is imported or executed. Any other
/// opcode or global is refused with <see cref="CheckpointFormatException"/> naming it.
/// </summary>
internal sealed class RestrictedUnpickler
{
    private const int MaxMemo = 1_000_000;
    private const int MaxStack = 100_000;

    private static readonly object s_mark = new();

    private readonly byte[] _data;
    private readonly List<object?> _stack = [];
    private readonly Dictionary<long, object?> _memo = [];
    private int _pos;

    private RestrictedUnpickler(byte[] data, int start)
    {
        _data = data;
        _pos = start;
    }

    public static object? Load(byte[] pickle) => Load(pickle, 0, out _);

    /// <summary>Reads one pickle starting at <paramref name="start"/>; <paramref name="end"/> is the byte after its STOP (the legacy format puts several in a row).</summary>
    public static object? Load(byte[] data, int start, out int end)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        var unpickler = new RestrictedUnpickler(data, start);
        object? value = unpickler.Run();
        end = unpickler._pos;
        return value;
    }

    private object? Run()
    {
        while (true)
        {
            int at = _pos;
            byte op = ReadByte();
            switch (op)
            {
                case 0x80: // PROTO
                    byte protocol = ReadByte();
                    if (protocol is < 2 or > 5)
                    {
                        throw Fail($"pickle protocol {protocol} is not one PyTorch writes (2 to 5)");
                    }

                    break;
                case 0x95: // FRAME: a length hint only
                    Take(8);
                    break;
                case (byte)'.': // STOP
                    if (_stack.Count != 1)
                    {
                        throw Fail($"the pickle stopped with {_stack.Count} values on its stack instead of one");
                    }

                    return Pop();
                case (byte)'}': // EMPTY_DICT
                    Push(new PickleDict());
                    break;
                case (byte)']': // EMPTY_LIST
                    Push(new PickleList());
                    break;
                case (byte)')': // EMPTY_TUPLE
                    Push(new PickleTuple([]));
                    break;
                case (byte)'(': // MARK
                    Push(s_mark);
                    break;
                case (byte)'N': // NONE
                    Push(null);
                    break;
                case 0x88: // NEWTRUE
                    Push(true);
                    break;
                case 0x89: // NEWFALSE
                    Push(false);
                    break;
                case (byte)'K': // BININT1
                    Push((long)ReadByte());
                    break;
                case (byte)'M': // BININT2
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2)));
                    break;
                case (byte)'J': // BININT
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4)));
                    break;
                case 0x8a: // LONG1
                    Push(ReadLong(ReadByte()));
                    break;
                case (byte)'G': // BINFLOAT (big-endian double)
                    Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8)));
                    break;
                case (byte)'X': // BINUNICODE
                    Push(ReadString(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))));
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    Push(ReadString(ReadByte()));
                    break;
                case 0x8d: // BINUNICODE8
                    Push(ReadString(BinaryPrimitives.ReadUInt64LittleEndian(Take(8))));
                    break;
                case (byte)'t': // TUPLE
                    Push(new PickleTuple(PopToMark()));
                    break;
                case 0x85: // TUPLE1
                    Push(new PickleTuple([Pop()]));
                    break;
                case 0x86: // TUPLE2
                {
                    object? b = Pop();
                    object? a = Pop();
                    Push(new PickleTuple([a, b]));
                    break;
                }

                case 0x87: // TUPLE3
                {
                    object? c = Pop();
                    object? b = Pop();
                    object? a = Pop();
                    Push(new PickleTuple([a, b, c]));
                    break;
                }

                case (byte)'a': // APPEND
                {
                    object? item = Pop();
                    Peek<PickleList>("APPEND").Items.Add(item);
                    break;
                }

                case (byte)'e': // APPENDS
                {
                    var items = PopToMark();
                    Peek<PickleList>("APPENDS").Items.AddRange(items);
                    break;
                }

                case (byte)'s': // SETITEM
                {
                    object? value = Pop();
                    object key = Key(Pop());
                    Peek<PickleDict>("SETITEM").Set(key, value);
                    break;
                }

                case (byte)'u': // SETITEMS
                {
                    var items = PopToMark();
                    if (items.Count % 2 != 0)
                    {
                        throw Fail("SETITEMS with an odd number of values");
                    }

                    var dict = Peek<PickleDict>("SETITEMS");
                    for (int i = 0; i < items.Count; i += 2)
                    {
                        dict.Set(Key(items[i]), items[i + 1]);
                    }

                    break;
                }

                case (byte)'q': // BINPUT
                    Memoize(ReadByte());
                    break;
                case (byte)'r': // LONG_BINPUT
                    Memoize(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)));
                    break;
                case 0x94: // MEMOIZE
                    Memoize(_memo.Count);
                    break;
                case (byte)'h': // BINGET
                    Push(Recall(ReadByte()));
                    break;
                case (byte)'j': // LONG_BINGET
                    Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4))));
                    break;
                case (byte)'c': // GLOBAL
                {
                    string module = ReadLine();
                    string name = ReadLine();
                    Push(AllowedGlobals.Resolve(module, name));
                    break;
                }

                case 0x93: // STACK_GLOBAL
                {
                    string name = Pop() as string ?? throw Fail("STACK_GLOBAL without a string name");
                    string module = Pop() as string ?? throw Fail("STACK_GLOBAL without a string module");
                    Push(AllowedGlobals.Resolve(module, name));
                    break;
                }

                case (byte)'Q': // BINPERSID
                    Push(AllowedGlobals.PersistentLoad(Pop()));
                    break;
                case (byte)'R': // REDUCE
                {
                    var args = Pop() as PickleTuple ?? throw Fail("REDUCE without an argument tuple");
                    var callable = Pop() as PickleGlobal ?? throw Fail("REDUCE on something that is not an allowed global");
                    Push(AllowedGlobals.Call(callable, args));
                    break;
                }

                case (byte)'b': // BUILD
                {
                    object? state = Pop();
                    AllowedGlobals.Build(Peek<object>("BUILD"), state);
                    break;
                }

                default:
                    throw new CheckpointFormatException(
                        $"Checkpoint pickle uses opcode 0x{op:x2}{Printable(op)} at byte {at}, which a PyTorch state dictionary never needs; refusing to read further.");
            }
        }
    }

    private static string Printable(byte op) => op is >= 0x21 and < 0x7f ? $" ('{(char)op}')" : string.Empty;

    private static object Key(object? key) => key ?? throw new CheckpointFormatException("Checkpoint pickle uses None as a dictionary key.");

    private CheckpointFormatException Fail(string what) => new($"Checkpoint pickle is malformed at byte {_pos}: {what}.");

    private void Push(object? value)
    {
        if (_stack.Count >= MaxStack)
        {
            throw Fail("the stack grows beyond any state dictionary's need");
        }

        _stack.Add(value);
    }

    private object? Pop()
    {
        if (_stack.Count == 0)
        {
            throw Fail("a value is taken from an empty stack");
        }

        object? value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        if (ReferenceEquals(value, s_mark))
        {
            throw Fail("a MARK is used as a value");
        }

        return value;
    }

    private T Peek<T>(string opcode)
        where T : class
    {
        if (_stack.Count == 0 || _stack[^1] is not T top)
        {
            throw Fail($"{opcode} applied to {Describe(_stack.Count > 0 ? _stack[^1] : null)}");
        }

        return top;
    }

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        PickleGlobal g => g.ToString(),
        _ => value.GetType().Name,
    };

    private List<object?> PopToMark()
    {
        int mark = _stack.FindLastIndex(v => ReferenceEquals(v, s_mark));
        if (mark < 0)
        {
            throw Fail("a MARK-terminated sequence without a MARK");
        }

        var items = _stack.GetRange(mark + 1, _stack.Count - mark - 1);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private void Memoize(long index)
    {
        if (_stack.Count == 0)
        {
            throw Fail("memoizing with an empty stack");
        }

        if (_memo.Count >= MaxMemo && !_memo.ContainsKey(index))
        {
            throw Fail("the memo grows beyond any state dictionary's need");
        }

        _memo[index] = _stack[^1];
    }

    private object? Recall(long index) =>
        _memo.TryGetValue(index, out object? value) ? value : throw Fail($"memo entry {index} is read before it is written");

    private byte ReadByte() => _pos < _data.Length ? _data[_pos++] : throw Truncated();

    private ReadOnlySpan<byte> Take(long count)
    {
        if (count < 0 || count > _data.Length - _pos)
        {
            throw Truncated();
        }

        var span = _data.AsSpan(_pos, (int)count);
        _pos += (int)count;
        return span;
    }

    private CheckpointFormatException Truncated() => new($"Checkpoint pickle ends early (at byte {_pos} of {_data.Length}): the file is truncated or damaged.");

    private string ReadString(ulong length)
    {
        if (length > (ulong)(_data.Length - _pos))
        {
            throw Truncated();
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(Take((long)length));
        }
        catch (DecoderFallbackException ex)
        {
            throw new CheckpointFormatException($"Checkpoint pickle has a string that is not valid UTF-8 near byte {_pos}.", ex);
        }
    }

    private string ReadLine()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _pos);
        if (end < 0)
        {
            throw Truncated();
        }

        if (end - _pos > 256)
        {
            throw Fail("a GLOBAL name longer than any module path");
        }

        string line = Encoding.ASCII.GetString(_data, _pos, end - _pos);
        _pos = end + 1;
        return line;
    }

    private long ReadLong(int byteCount)
    {
        if (byteCount > 8)
        {
            throw Fail($"an integer of {byteCount} bytes, larger than any tensor size or offset");
        }

        var bytes = Take(byteCount);
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return (long)value;
    }

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
