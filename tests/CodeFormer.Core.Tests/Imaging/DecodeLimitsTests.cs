using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>Limits are the caller's to set, and each one refuses with its own reason before decoding.</summary>
public sealed class DecodeLimitsTests
{
    private const int PlainSide = 384;

    [Fact]
    public void Defaults_admit_a_camera_photo_and_refuse_the_bomb_header()
    {
        Assert.Equal(50L * 1024 * 1024, DecodeLimits.Default.MaxBytes);
        Assert.Equal(40_000_000, DecodeLimits.Default.MaxPixels);
        Assert.True(6000L * 4000 <= DecodeLimits.Default.MaxPixels, "a 24 MP camera photo must fit");
        Assert.True(100_000L * 100_000 > DecodeLimits.Default.MaxPixels);
    }

    [Fact]
    public void A_tiny_pixel_limit_refuses_a_normal_photo()
    {
        var decoder = new ImageDecoder(new DecodeLimits { MaxPixels = (PlainSide * PlainSide) - 1 });

        var refusal = Assert.Throws<ImageRejectedException>(() => decoder.Decode(HostileFiles.Read("ok_plain.jpg")));

        Assert.Equal(ImageRejectionReason.TooManyPixels, refusal.Reason);
        Assert.Contains("384x384", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pixel_limit_is_inclusive()
    {
        var decoder = new ImageDecoder(new DecodeLimits { MaxPixels = PlainSide * PlainSide });

        Assert.Equal(PlainSide, decoder.Decode(HostileFiles.Read("ok_plain.jpg")).Width);
    }

    [Fact]
    public void A_side_longer_than_the_dimension_limit_is_refused()
    {
        var decoder = new ImageDecoder(new DecodeLimits { MaxDimension = PlainSide - 1 });

        var refusal = Assert.Throws<ImageRejectedException>(() => decoder.Decode(HostileFiles.Read("ok_plain.jpg")));

        Assert.Equal(ImageRejectionReason.DimensionTooLarge, refusal.Reason);
    }

    [Fact]
    public void A_file_over_the_byte_limit_is_refused()
    {
        byte[] file = HostileFiles.Read("ok_plain.jpg");
        var decoder = new ImageDecoder(new DecodeLimits { MaxBytes = file.Length - 1 });

        var refusal = Assert.Throws<ImageRejectedException>(() => decoder.Decode(file));

        Assert.Equal(ImageRejectionReason.TooManyBytes, refusal.Reason);
    }

    [Fact]
    public async Task A_seekable_stream_over_the_byte_limit_is_refused_before_any_read()
    {
        var decoder = new ImageDecoder(new DecodeLimits { MaxBytes = 1024 });
        await using var stream = new CountingStream(new MemoryStream(new byte[4096]));

        var refusal = await Assert.ThrowsAsync<ImageRejectedException>(() => decoder.DecodeAsync(stream));

        Assert.Equal(ImageRejectionReason.TooManyBytes, refusal.Reason);
        Assert.Equal(0, stream.BytesRead);
    }

    /// <summary>A client that never stops sending is cut off once the limit is passed, not buffered to exhaustion.</summary>
    [Fact]
    public async Task An_endless_stream_is_refused_after_reading_little_more_than_the_limit()
    {
        const int Limit = 1 << 20;
        var decoder = new ImageDecoder(new DecodeLimits { MaxBytes = Limit });
        await using var stream = new CountingStream(new EndlessStream());

        var refusal = await Assert.ThrowsAsync<ImageRejectedException>(() => decoder.DecodeAsync(stream));

        Assert.Equal(ImageRejectionReason.TooManyBytes, refusal.Reason);
        Assert.InRange(stream.BytesRead, Limit + 1, Limit + (128 * 1024));
    }

    [Fact]
    public async Task A_stream_decodes_like_the_bytes_it_carries()
    {
        byte[] file = HostileFiles.Read("ok_rgba.png");
        var decoder = new ImageDecoder();
        await using var unseekable = new CountingStream(new MemoryStream(file), canSeek: false);

        DecodedImage fromStream = await decoder.DecodeAsync(unseekable);

        DecodedImage fromBytes = decoder.Decode(file);
        Assert.Equal(fromBytes.Rgb.Pixels, fromStream.Rgb.Pixels);
        Assert.Equal(fromBytes.Alpha!.Pixels, fromStream.Alpha!.Pixels);
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecodeLimits { MaxBytes = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecodeLimits { MaxPixels = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => DecodeLimits.Default with { MaxDimension = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecodeLimits { MaxBytes = (long)Array.MaxLength + 1 });
    }

    [Fact]
    public void An_iso_media_file_is_named_as_unsupported_rather_than_not_an_image()
    {
        // The first box of an iPhone HEIC: size, "ftyp", major brand "heic".
        byte[] heic = [0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8, .. new byte[64]];

        var refusal = Assert.Throws<ImageRejectedException>(() => new ImageDecoder().Decode(heic));

        Assert.Equal(ImageRejectionReason.UnsupportedFormat, refusal.Reason);
        Assert.Contains("heic", refusal.Message, StringComparison.Ordinal);
    }

    private sealed class CountingStream(Stream inner, bool canSeek = true) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => canSeek && inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => CanSeek ? inner.Length : throw new NotSupportedException();

        public override long Position
        {
            get => CanSeek ? inner.Position : throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A JPEG signature followed by an unending segment, as a hostile client might send.</summary>
    private sealed class EndlessStream : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                buffer[offset + i] = _position++ switch { 0 => 0xFF, 1 => 0xD8, _ => 0x55 };
            }

            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
