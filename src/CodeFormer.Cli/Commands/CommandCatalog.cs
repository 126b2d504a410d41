using System.CommandLine;

namespace CodeFormer.Cli.Commands;

/// <summary>Every top-level command of the CLI, one file per command.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        RestoreCommand.Create(),
        FaceTaskCommands.Colorize(),
        FaceTaskCommands.Inpaint(),
        BenchCommand.Create(),
        BenchNetworksCommand.Create(),
        InspectModelCommand.Create(),
        ConvertCommand.Create(),
        ModelsCommand.Create(),
        ServeCommand.Create(),
    ];
}
