namespace CodeFormer.Infra.Tests;

/// <summary>Exit code and output of a finished command.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => StandardOutput + StandardError;
}
