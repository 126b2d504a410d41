using System.Buffers.Binary;

namespace CodeFormer.Core.Imaging;

/// <summary>
/// Whether a file ends before its own structure says it should. ImageSharp 2.1 decodes a cut-off JPEG, PNG, WebP,
/// GIF or BMP without complaint and fills the missing part with gray or black, which would send a half-blank photo
/// through restoration; walking the container's framing (never the compressed data) catches that in one pass.
/// Malformed framing that is not a plain shortfall is left for the decoder to judge.
/// </summary>
internal static class TruncationDetector
{
    public static bool IsTruncated(ImageFileFormat format, ReadOnlySpan<byte> data) => format switch
    {
        ImageFileFormat.Jpeg => JpegEndsEarly(data),
        ImageFileFormat.Png => PngEndsEarly(data),
        ImageFileFormat.Webp => data.Length < 12 || data.Length < 8L + BinaryPrimitives.ReadUInt32LittleEndian(data[4..]),
        ImageFileFormat.Gif => GifFirstImageEndsEarly(data),
        ImageFileFormat.Bmp => data.Length < 6 || data.Length < BinaryPrimitives.ReadUInt32LittleEndian(data[2..]),
        // ImageSharp's TIFF decoder throws on missing strips by itself.
        _ => false,
    };

    /// <summary>Walks marker segments (skipping APPn by length, so an EXIF thumbnail's own end marker is not
    /// mistaken for ours) and entropy-coded scans until the end-of-image marker.</summary>
    private static bool JpegEndsEarly(ReadOnlySpan<byte> data)
    {
        const byte EndOfImage = 0xD9, StartOfScan = 0xDA;
        int pos = 2;
        while (true)
        {
            // Decoders tolerate stray bytes between segments; so do we. 0xFF repeats are fill bytes.
            while (pos < data.Length && data[pos] != 0xFF)
            {
                pos++;
            }

            while (pos < data.Length && data[pos] == 0xFF)
            {
                pos++;
            }

            if (pos >= data.Length)
            {
                return true;
            }

            byte marker = data[pos++];
            if (marker == EndOfImage)
            {
                return false;
            }

            if (marker is 0x00 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue; // markers without a length field
            }

            if (pos + 2 > data.Length)
            {
                return true;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
            if (length < 2)
            {
                return false;
            }

            pos += length;
            if (pos > data.Length)
            {
                return true;
            }

            if (marker == StartOfScan)
            {
                pos = SkipEntropyCodedData(data, pos);
            }
        }
    }

    /// <summary>The position of the first real marker after a scan: 0xFF00 is a stuffed byte, 0xFFD0–D7 restarts.</summary>
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> data, int pos)
    {
        while (pos + 1 < data.Length)
        {
            int skipped = data[pos..].IndexOf((byte)0xFF); // vectorised: scans are most of the file
            if (skipped < 0)
            {
                break;
            }

            pos += skipped;
            if (pos + 1 >= data.Length)
            {
                break;
            }

            byte next = data[pos + 1];
            if (next is 0x00 or (>= 0xD0 and <= 0xD7))
            {
                pos += 2;
            }
            else if (next == 0xFF)
            {
                pos++;
            }
            else
            {
                return pos;
            }
        }

        return data.Length;
    }

    private static bool PngEndsEarly(ReadOnlySpan<byte> data)
    {
        long pos = 8;
        while (pos + 8 <= data.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[(int)pos..]);
            bool isEnd = data.Slice((int)pos + 4, 4).SequenceEqual("IEND"u8);
            pos += 12L + length; // length, type, data, CRC
            if (pos > data.Length)
            {
                return true;
            }

            if (isEnd)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Only the first image is decoded, so only it has to be whole; later frames may be cut.</summary>
    private static bool GifFirstImageEndsEarly(ReadOnlySpan<byte> data)
    {
        const byte Extension = 0x21, ImageDescriptor = 0x2C;
        const int HeaderAndScreenDescriptor = 13;
        if (data.Length < HeaderAndScreenDescriptor)
        {
            return true;
        }

        long pos = HeaderAndScreenDescriptor + ColorTableLength(data[10]);
        while (pos < data.Length)
        {
            byte block = data[(int)pos++];
            if (block == Extension)
            {
                pos++; // label
                if (!TrySkipSubBlocks(data, ref pos))
                {
                    return true;
                }
            }
            else if (block == ImageDescriptor)
            {
                if (pos + 9 > data.Length)
                {
                    return true;
                }

                pos += 9 + ColorTableLength(data[(int)pos + 8]) + 1; // descriptor, local table, LZW code size
                return !TrySkipSubBlocks(data, ref pos);
            }
            else
            {
                return false; // the trailer or an unknown block: the decoder judges
            }
        }

        return true;
    }

    private static int ColorTableLength(byte packedFields) =>
        (packedFields & 0x80) != 0 ? 3 * (1 << ((packedFields & 0x07) + 1)) : 0;

    private static bool TrySkipSubBlocks(ReadOnlySpan<byte> data, ref long pos)
    {
        while (pos < data.Length)
        {
            int size = data[(int)pos++];
            if (size == 0)
            {
                return true;
            }

            pos += size;
        }

        return false;
    }
}
