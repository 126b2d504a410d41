using CodeFormer.Core.Imaging;
using SixLabors.ImageSharp.Memory;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests.Imaging;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurement
{
    public const string Name = "Allocation measurement";
}

/// <summary>
/// The 100k × 100k header would need 40 GB of RGBA pixels; it must be refused having allocated next to nothing.
/// The decoder is given ImageSharp's plain GC allocator so that every pixel buffer it could create is a managed
/// array counted by <see cref="GC.GetTotalAllocatedBytes(bool)"/> (the default pool allocates unmanaged memory,
/// which the count would miss). The class runs alone so other tests' allocations do not land in the count.
/// </summary>
[Collection(AllocationMeasurement.Name)]
public sealed class BombHeaderAllocationTests(ITestOutputHelper output)
{
    /// <summary>Refusing costs a few kilobytes (measured 4–65 KB; the count is process-wide, so the test runner's
    /// own threads add to it). Allocating for the header's image would cost 40 GB, and even a 384 × 384 decode
    /// shows up here as 1.5 MB, so 1 MB separates the two with room for the runner's noise.</summary>
    private const long AllowedBytes = 1024 * 1024;

    private readonly ImageDecoder _decoder = new(DecodeLimits.Default, new SimpleGcMemoryAllocator());

    [Fact]
    public void Bomb_header_is_refused_without_a_pixel_buffer()
    {
        byte[] bomb = HostileFiles.Read("reject_bomb_header.png");
        RefuseOnce(bomb); // first call pays for JIT and ImageSharp's static tables

        long allocated = Measure(() => RefuseOnce(bomb));

        output.WriteLine($"bomb header: {allocated:N0} bytes allocated");
        Assert.True(allocated < AllowedBytes, $"{allocated:N0} bytes allocated refusing the bomb header");
    }

    /// <summary>The control: the same measurement does see a real decode's pixel buffers (384² RGBA = 590 KB).</summary>
    [Fact]
    public void The_measurement_sees_a_real_decode()
    {
        byte[] photo = HostileFiles.Read("ok_rgba.png");
        _decoder.Decode(photo);

        long allocated = Measure(() => _decoder.Decode(photo));

        output.WriteLine($"384x384 RGBA decode: {allocated:N0} bytes allocated");
        Assert.True(allocated > 384 * 384 * 4, $"only {allocated:N0} bytes seen for a 384x384 decode");
    }

    private void RefuseOnce(byte[] bomb)
    {
        var refusal = Assert.Throws<ImageRejectedException>(() => _decoder.Decode(bomb));
        Assert.Equal(ImageRejectionReason.TooManyPixels, refusal.Reason);
    }

    private static long Measure(Action action)
    {
        long before = GC.GetTotalAllocatedBytes(precise: true);
        action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }
}
