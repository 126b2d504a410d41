using System.CommandLine;

namespace CodeFormer.Cli.Commands;

/// <summary>Every top-level command of the CLI, one file per command.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        ConvertCommand.Create(),
        ModelsCommand.Create(),
    ];
}
