using CodeFormer.Backend.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CodeFormer.Backend.Tests;

/// <summary><c>codeformer serve</c>'s web host as <see cref="ServeFixture"/> sets it up, with all storage in a fresh local folder.</summary>
public sealed class FolderServeFixture : ServeFixture
{
    /// <summary>The storage folder: uploads/, results/, work/, jobs/ and the store's own hidden folders.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "codeformer-folder-serve-" + Guid.NewGuid().ToString("N")[..8]);

    public FolderStorage Storage => Services.GetRequiredService<FolderStorage>();

    protected override Task<Dictionary<string, string?>> StorageSettingsAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["CodeFormerStorage:folder"] = Root });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
