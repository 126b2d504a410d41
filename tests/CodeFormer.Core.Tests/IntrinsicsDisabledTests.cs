using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace CodeFormer.Core.Tests;

/// <summary>
/// The kernels' non-AVX2 paths (what ARM64 and older x64 CPUs run) against their naive twins and the golden
/// pastes: this assembly's kernel, twin and golden paste tests, run again in a child process with the runtime's
/// AVX2, and then all hardware intrinsics, switched off. CI runs every test on an AVX2 machine, so without this the
/// fallbacks would never run.
/// </summary>
public sealed partial class IntrinsicsDisabledTests(ITestOutputHelper output)
{
    private const string Filter =
        "FullyQualifiedName~KernelTests|FullyQualifiedName~FacePasterTwinTests|FullyQualifiedName~PasteParityTests|FullyQualifiedName~IntrinsicsProbeTests";

    public static bool Disabled(string runtimeSwitch) => Environment.GetEnvironmentVariable(runtimeSwitch) == "0";

    [Theory]
    [InlineData("DOTNET_EnableAVX2")]
    [InlineData("DOTNET_EnableHWIntrinsic")]
    public async Task Kernel_twins_pass_with_intrinsics_switched_off(string runtimeSwitch)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "test", typeof(IntrinsicsDisabledTests).Assembly.Location, "--filter", Filter },
        };
        start.Environment[runtimeSwitch] = "0";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        string log = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        log += await error;

        var summary = Summary().Match(log);
        output.WriteLine(summary.Success ? summary.Value : log);
        Assert.True(process.ExitCode == 0 && summary.Success, $"{runtimeSwitch}=0: exit {process.ExitCode}\n{log}");
        Assert.Equal("0", summary.Groups["failed"].Value);
        Assert.True(int.Parse(summary.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 20, log);
    }

    [GeneratedRegex(@"Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+)")]
    private static partial Regex Summary();
}
