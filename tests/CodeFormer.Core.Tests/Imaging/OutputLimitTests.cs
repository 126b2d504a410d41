using CodeFormer.Core.Imaging;
using CodeFormer.Core.Pipeline;
using SixLabors.ImageSharp;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>
/// Results the format cannot record, or that exceed the output cap, are refused before any pixel work with the
/// limit and the largest upscale that fits named; whatever is encoded reads back at its own size.
/// </summary>
public sealed class OutputLimitTests
{
    [Fact]
    public void A_webp_wider_than_16383_is_refused_instead_of_written_with_a_wrapped_width()
    {
        // Main wrote this with a header reading 16 wide and reported success.
        var wide = new RgbImage(16_400, 2);
        var refusal = Assert.Throws<OutputRejectedException>(() => ImageEncoder.Encode(wide, null, new EncodeOptions(OutputFormat.Webp)));
        Assert.Equal(OutputRejectionReason.FormatSideLimit, refusal.Reason);
        Assert.Contains("16,383", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_taller_than_65535_is_refused_before_encoding()
    {
        var tall = new RgbImage(1, 65_536);
        var refusal = Assert.Throws<OutputRejectedException>(() => ImageEncoder.Encode(tall, null, new EncodeOptions(OutputFormat.Jpeg)));
        Assert.Equal(OutputRejectionReason.FormatSideLimit, refusal.Reason);
    }

    [Theory]
    [InlineData(OutputFormat.Png, 16_400, 2)]
    [InlineData(OutputFormat.Webp, 16_383, 2)]
    [InlineData(OutputFormat.Jpeg, 2, 16_400)]
    public void Results_within_the_format_limits_read_back_at_their_size(OutputFormat format, int width, int height)
    {
        byte[] encoded = ImageEncoder.Encode(new RgbImage(width, height), null, new EncodeOptions(format));
        var info = Image.Identify(encoded);
        Assert.Equal((width, height), (info.Width, info.Height));
    }

    [Fact]
    public void An_encoded_file_that_reads_back_at_another_size_is_refused()
    {
        byte[] small = ImageEncoder.Encode(new RgbImage(16, 8), null, new EncodeOptions(OutputFormat.Webp));
        using var stream = new MemoryStream(small);
        var refusal = Assert.Throws<OutputRejectedException>(() => EncodedSize.Verify(stream, OutputFormat.Webp, 16_400, 8));
        Assert.Equal(OutputRejectionReason.EncodedSizeMismatch, refusal.Reason);
        Assert.Contains("16x8", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_issue_case_names_webps_limit_and_the_largest_upscale_that_fits()
    {
        // 4100×2600 at upscale 4 is 16400×10400: too wide for WebP, fine as PNG.
        var refusal = Assert.Throws<OutputRejectedException>(() => OutputPlan.Check(4100, 2600, 4, false, OutputFormat.Webp, long.MaxValue));
        Assert.Equal(OutputRejectionReason.FormatSideLimit, refusal.Reason);
        Assert.Equal(3, refusal.LargestUpscaleThatFits);
        Assert.Contains("16400x10400", refusal.Message, StringComparison.Ordinal);
        OutputPlan.Check(4100, 2600, 4, false, OutputFormat.Png, long.MaxValue);
    }

    [Fact]
    public void The_pixel_cap_is_named_with_the_largest_upscale_that_fits()
    {
        var refusal = Assert.Throws<OutputRejectedException>(() => OutputPlan.Check(4100, 2600, 4, false, OutputFormat.Png, 100_000_000));
        Assert.Equal(OutputRejectionReason.TooManyPixels, refusal.Reason);
        Assert.Equal(3, refusal.LargestUpscaleThatFits); // 12300×7800 = 95.9 MP
        Assert.Contains("100 megapixels", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("largest upscale that fits is 3", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void When_no_upscale_fits_the_refusal_says_so()
    {
        var refusal = Assert.Throws<OutputRejectedException>(() => OutputPlan.Check(6000, 4000, 2, false, OutputFormat.Png, 20_000_000));
        Assert.Null(refusal.LargestUpscaleThatFits);
        Assert.Contains("smaller image", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_result_size_is_the_working_image_times_upscale()
    {
        // A short side under 512 is first enlarged to 512, as the official pipeline does.
        Assert.Equal((1024, 1536), OutputPlan.ResultSize(200, 300, 2, hasAligned: false));
        Assert.Equal((16_400, 10_400), OutputPlan.ResultSize(4100, 2600, 4, hasAligned: false));
        Assert.Equal((512, 512), OutputPlan.ResultSize(512, 512, 4, hasAligned: true));
    }
}
