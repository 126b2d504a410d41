using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CodeFormer.Core.Tests;

/// <summary>
/// Which vector paths this process takes. <see cref="IntrinsicsDisabledTests"/> runs it in a child process with
/// the runtime's intrinsics switched off, where it proves the kernels' scalar and 128-bit paths are the ones tested.
/// </summary>
public sealed class IntrinsicsProbeTests
{
    [Fact]
    public void Vector_paths_follow_the_runtime_switches()
    {
        if (IntrinsicsDisabledTests.Disabled("DOTNET_EnableHWIntrinsic"))
        {
            Assert.False(Vector128.IsHardwareAccelerated);
        }

        if (IntrinsicsDisabledTests.Disabled("DOTNET_EnableHWIntrinsic") || IntrinsicsDisabledTests.Disabled("DOTNET_EnableAVX2"))
        {
            Assert.False(Avx2.IsSupported);
            Assert.False(Vector256.IsHardwareAccelerated);
        }
        else
        {
            // On x64 the 256-bit generic vectors are accelerated exactly when AVX2 is.
            Assert.Equal(Avx2.IsSupported, Vector256.IsHardwareAccelerated || !RuntimeIsX64());
        }
    }

    private static bool RuntimeIsX64() => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;
}
