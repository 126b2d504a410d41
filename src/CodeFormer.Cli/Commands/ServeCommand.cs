using System.CommandLine;
using CodeFormer.Backend.Hosting;
using CodeFormer.Backend.Stages;
using CodeFormer.Backend.Storage;
using CodeFormer.Core.Inference;
using CodeFormer.Core.Restoration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CodeFormer.Cli.Commands;

/// <summary>
/// <c>codeformer serve</c>: the whole backend on this machine — the restoration HTTP API on localhost and the
/// detect, restore and paste stages over in-memory queues — over a local folder, Azurite or any storage account.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url")
        {
            Description = "Where the API listens.",
            DefaultValueFactory = _ => "http://127.0.0.1:7071",
        };
        var storage = new Option<string>("--storage")
        {
            Description = "A folder to keep uploads, results and jobs in (created if missing), or a storage connection string (default: Azurite, started with .ci/start-azurite).",
            DefaultValueFactory = _ => "UseDevelopmentStorage=true",
        };
        var model = new Option<string>("--model", "-m")
        {
            Description = "CodeFormer ONNX model (default: the standard model location).",
            DefaultValueFactory = _ => ModelPaths.DefaultModel,
        };
        var device = new Option<ExecutionDevice>("--device")
        {
            Description = "Where the network runs: Cpu or Cuda.",
            DefaultValueFactory = _ => ExecutionDevice.Cpu,
        };

        var command = new Command("serve", "Run the backend (HTTP API and the three stages) on localhost over a local folder or Azurite.") { url, storage, model, device };
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            string listenUrl = result.GetValue(url)!;
            if (ListenCheck.Problem(listenUrl) is { } busy)
            {
                Console.Error.WriteLine("error: " + busy);
                return 1;
            }

            string target = result.GetValue(storage)!;
            var settings = new Dictionary<string, string?>
            {
                ["CodeFormer:ModelPath"] = result.GetValue(model),
                ["CodeFormer:Device"] = result.GetValue(device).ToString(),
            };
            if (StorageTarget.IsConnectionString(target))
            {
                settings["CodeFormerStorage"] = target;
            }
            else
            {
                settings["CodeFormerStorage:folder"] = Path.GetFullPath(target);
            }

            await using var app = LocalWebHost.Build(listenUrl, settings);
            try
            {
                // Opened before the host starts, so a folder that cannot be used is one error line, not a failed start.
                _ = app.Services.GetService<FolderStorage>();
                await app.StartAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or ModelUnavailableException)
            {
                // The storage folder cannot be used (not creatable, not writable, or owned by another serve), or the
                // CodeFormer model cannot be opened: one line, before any job is accepted.
                Console.Error.WriteLine("error: " + ex.Message);
                return 1;
            }

            Console.WriteLine($"CodeFormer backend listening on {string.Join(", ", app.Urls)} (Ctrl+C stops it)");
            if (!StorageTarget.IsConnectionString(target))
            {
                Console.WriteLine($"Storage: {Path.GetFullPath(target)} (drop photos into its uploads/ folder; results appear in results/)");
            }

            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
