using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Tests.Imaging;

public sealed class OutputFormatsTests
{
    [Theory]
    [InlineData("png", OutputFormat.Png)]
    [InlineData("PNG", OutputFormat.Png)]
    [InlineData("jpg", OutputFormat.Jpeg)]
    [InlineData("jpeg", OutputFormat.Jpeg)]
    [InlineData(".JPG", OutputFormat.Jpeg)]
    [InlineData(" webp ", OutputFormat.Webp)]
    [InlineData(".webp", OutputFormat.Webp)]
    public void Names_and_extensions_parse(string value, OutputFormat expected)
    {
        Assert.Equal(expected, OutputFormats.Parse(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("gif")]
    [InlineData("jpe g")]
    [InlineData(null)]
    public void Anything_else_is_refused_naming_the_accepted_formats(string? value)
    {
        Assert.False(OutputFormats.TryParse(value, out _));
        if (value is not null)
        {
            var error = Assert.Throws<FormatException>(() => OutputFormats.Parse(value));
            Assert.Contains(OutputFormats.Accepted, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(OutputFormat.Png, ".png", "image/png", true)]
    [InlineData(OutputFormat.Jpeg, ".jpg", "image/jpeg", false)]
    [InlineData(OutputFormat.Webp, ".webp", "image/webp", true)]
    public void Each_format_names_its_extension_and_content_type(OutputFormat format, string extension, string contentType, bool keepsAlpha)
    {
        Assert.Equal(extension, format.FileExtension());
        Assert.Equal(contentType, format.ContentType());
        Assert.Equal(keepsAlpha, format.KeepsAlpha());
        Assert.Equal(format, OutputFormats.Parse(format.FileExtension()));
    }
}
