using CodeFormer.Core.Imaging;
using CodeFormer.Testing;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>
/// <see cref="ImageDecoder.Inspect"/>, the check the API runs before accepting an upload: what the header and one
/// pass over the container's framing can tell without decoding.
/// </summary>
public sealed class UploadInspectionTests
{
    private readonly ImageDecoder _decoder = new();

    public static TheoryData<string> RejectFiles => HostileFiles.WithExpectation("reject");

    public static TheoryData<string> OkFiles => HostileFiles.WithExpectation("ok");

    /// <summary>Whole photos and hostile "ok" files whose formats the framing scan covers end to end.</summary>
    public static TheoryData<string> FramedFiles()
    {
        var files = new TheoryData<string>();
        foreach (string photo in Directory.GetFiles(SharedData.File("faces", "whole")).Order(StringComparer.Ordinal))
        {
            files.Add(photo);
        }

        foreach (string file in HostileFiles.Expectations().Where(e => e.Value == "ok").Select(e => e.Key))
        {
            if (Path.GetExtension(file) is ".jpg" or ".png" or ".webp")
            {
                files.Add(HostileFiles.PathOf(file));
            }
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(RejectFiles))]
    public void Every_hostile_reject_file_is_refused_at_inspection(string file)
    {
        var refusal = Assert.Throws<ImageRejectedException>(() => _decoder.Inspect(HostileFiles.Read(file)));
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
    }

    [Theory]
    [MemberData(nameof(OkFiles))]
    public void Every_hostile_ok_file_passes_inspection_at_its_decoded_size(string file)
    {
        byte[] bytes = HostileFiles.Read(file);
        var header = _decoder.Inspect(bytes);
        var decoded = _decoder.Decode(bytes);
        Assert.Equal((decoded.Width, decoded.Height), (header.Width, header.Height));
        Assert.Equal(decoded.Format, header.Format);
    }

    [Theory]
    [MemberData(nameof(FramedFiles))]
    public void Every_cut_of_a_jpeg_png_or_webp_is_refused(string path)
    {
        byte[] whole = File.ReadAllBytes(path);
        _decoder.Inspect(whole);
        // Every length from 1 byte to one short, in about 300 steps plus the last 16 bytes one by one.
        var lengths = Enumerable.Range(1, 300).Select(i => (int)((long)whole.Length * i / 301))
            .Concat(Enumerable.Range(whole.Length - 16, 16))
            .Where(n => n > 0 && n < whole.Length)
            .Distinct();
        foreach (int length in lengths)
        {
            var refusal = Record.Exception(() => _decoder.Inspect(whole[..length]));
            Assert.True(refusal is ImageRejectedException, $"{Path.GetFileName(path)} cut to {length} of {whole.Length} bytes: {refusal?.GetType().Name ?? "accepted"}");
        }
    }

    [Fact]
    public void A_png_with_a_damaged_image_data_chunk_is_refused_by_its_checksum()
    {
        byte[] png = HostileFiles.Read("ok_rgba.png");
        int idat = png.AsSpan().IndexOf("IDAT"u8);
        png[idat + 40] ^= 0x5A; // inside the compressed data, where only the chunk's CRC can tell
        var refusal = Assert.Throws<ImageRejectedException>(() => _decoder.Inspect(png));
        Assert.Equal(ImageRejectionReason.Corrupt, refusal.Reason);
    }

    [Fact]
    public void A_jpeg_whose_scan_comes_before_its_frame_header_is_refused()
    {
        // SOI, then straight to SOS and EOI: the header reader finds no size, the framing no frame.
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x00, 0xFF, 0xD9];
        Assert.Throws<ImageRejectedException>(() => _decoder.Inspect(jpeg));
    }

    [Fact]
    public void A_webp_chunk_running_past_the_riff_is_refused()
    {
        byte[] webp = HostileFiles.Read("ok_webp.webp");
        // Grow the first chunk's size past the file while keeping the RIFF size: not a cut, a lie.
        BitConverter.TryWriteBytes(webp.AsSpan(16, 4), (uint)webp.Length * 2);
        Assert.Throws<ImageRejectedException>(() => _decoder.Inspect(webp));
    }

    [Fact]
    public void An_exif_quarter_turn_swaps_the_inspected_sides()
    {
        byte[] rotated = HostileFiles.Read("ok_exif_rot90.jpg");
        var header = _decoder.Inspect(rotated);
        var decoded = _decoder.Decode(rotated);
        Assert.Equal((decoded.Width, decoded.Height), (header.Width, header.Height));
    }
}
