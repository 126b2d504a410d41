using CodeFormer.Core.Imaging;

namespace CodeFormer.Core.Tests.Imaging;

/// <summary>Populating pages is only a hint to the kernel: whatever the buffer held, it still holds.</summary>
public sealed class PagePopulationTests
{
    [Theory]
    [InlineData(1000)] // below the threshold: left alone
    [InlineData(3 * 1024 * 1024 + 17)] // a canvas-sized, unaligned buffer
    public void Populating_keeps_the_contents(int length)
    {
        var buffer = BilinearResizeKernelTests.RandomBytes(length, seed: length);
        var copy = (byte[])buffer.Clone();

        PagePopulation.Populate(buffer);

        Assert.Equal(copy, buffer);
    }
}
