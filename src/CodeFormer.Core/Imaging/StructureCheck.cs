using System.Buffers.Binary;
using System.IO.Hashing;

namespace CodeFormer.Core.Imaging;

/// <summary>
/// What a file's framing says about whether it can decode, without decoding: every PNG chunk's CRC and an image
/// data chunk before the end; a JPEG frame header before its first scan; WebP chunks that fit the RIFF size. One
/// pass over the bytes (the CRCs are vectorised), so the API can refuse a damaged upload before accepting it.
/// Cut-off files are <see cref="TruncationDetector"/>'s; the compressed data itself is left to the decoder.
/// </summary>
internal static class StructureCheck
{
    /// <summary>Null when the framing is sound, else what is wrong, in words for the uploader.</summary>
    public static string? Problem(ImageFileFormat format, ReadOnlySpan<byte> data) => format switch
    {
        ImageFileFormat.Png => PngProblem(data),
        ImageFileFormat.Jpeg => JpegProblem(data),
        ImageFileFormat.Webp => WebpProblem(data),
        _ => null,
    };

    private static string? PngProblem(ReadOnlySpan<byte> data)
    {
        const int Signature = 8;
        bool sawData = false;
        long pos = Signature;
        while (pos + 12 <= data.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[(int)pos..]);
            if (length > int.MaxValue || pos + 12 + length > data.Length)
            {
                return null; // a shortfall: the truncation check names it
            }

            var typeAndData = data.Slice((int)pos + 4, 4 + (int)length);
            var type = typeAndData[..4];
            if (pos == Signature && !type.SequenceEqual("IHDR"u8))
            {
                return "the PNG does not start with its header chunk (IHDR).";
            }

            uint stored = BinaryPrimitives.ReadUInt32BigEndian(data[(int)(pos + 8 + length)..]);
            if (Crc32.HashToUInt32(typeAndData) != stored)
            {
                return $"the PNG's {System.Text.Encoding.ASCII.GetString(type)} chunk at byte {pos:N0} fails its checksum (the file is damaged).";
            }

            sawData |= type.SequenceEqual("IDAT"u8);
            if (type.SequenceEqual("IEND"u8))
            {
                return sawData ? null : "the PNG has no image data (IDAT) before its end.";
            }

            pos += 12 + length;
        }

        return null;
    }

    /// <summary>The marker segments up to the first scan: a frame header (SOFn) must come first.</summary>
    private static string? JpegProblem(ReadOnlySpan<byte> data)
    {
        const byte StartOfScan = 0xDA, EndOfImage = 0xD9;
        bool sawFrame = false;
        int pos = 2;
        while (pos + 4 <= data.Length)
        {
            if (data[pos] != 0xFF)
            {
                return $"the JPEG has stray bytes where a marker belongs (byte {pos:N0}).";
            }

            byte marker = data[pos + 1];
            if (marker == 0xFF)
            {
                pos++; // fill byte
                continue;
            }

            if (marker == EndOfImage || marker == StartOfScan)
            {
                return sawFrame ? null : "the JPEG has no frame header (SOF) before its image data.";
            }

            sawFrame |= marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(pos + 2)..]);
            if (length < 2)
            {
                return $"the JPEG's segment at byte {pos:N0} declares an impossible length ({length}).";
            }

            pos += 2 + length;
        }

        return null;
    }

    /// <summary>RIFF 'WEBP' whose chunks (each size-prefixed, padded to even) tile the declared RIFF size.</summary>
    private static string? WebpProblem(ReadOnlySpan<byte> data)
    {
        if (data.Length < 20 || !data[8..12].SequenceEqual("WEBP"u8))
        {
            return "the file is RIFF but not WebP.";
        }

        long end = Math.Min(data.Length, 8L + BinaryPrimitives.ReadUInt32LittleEndian(data[4..]));
        long pos = 12;
        var first = data[12..16];
        if (!first.SequenceEqual("VP8 "u8) && !first.SequenceEqual("VP8L"u8) && !first.SequenceEqual("VP8X"u8))
        {
            return "the WebP does not start with an image chunk (VP8, VP8L or VP8X).";
        }

        while (pos + 8 <= end)
        {
            long size = BinaryPrimitives.ReadUInt32LittleEndian(data[(int)(pos + 4)..]);
            long next = pos + 8 + size + (size & 1);
            if (next > end + (size & 1))
            {
                return $"the WebP's chunk at byte {pos:N0} runs past the end of the file's declared size.";
            }

            pos = next;
        }

        return pos < end ? "the WebP ends inside a chunk header." : null;
    }
}
