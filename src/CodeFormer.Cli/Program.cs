using System.CommandLine;
using CodeFormer.Cli.Commands;

var root = new RootCommand("CodeFormer face restoration: detect, align, restore and paste back faces in photos.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
