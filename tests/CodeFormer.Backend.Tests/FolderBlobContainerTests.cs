using CodeFormer.Backend.Storage;
using CodeFormer.Testing;

namespace CodeFormer.Backend.Tests;

/// <summary>
/// Blobs as files: plain files under the container's folder with their properties beside them, whole-file writes
/// that no reader sees half done, files dropped in by hand treated as blobs once settled, and names from outside
/// (uploads come from the internet) that cannot reach anywhere but inside the container's folder.
/// </summary>
public sealed class FolderBlobContainerTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FolderStorage _storage;

    public FolderBlobContainerTests()
    {
        _storage = new FolderStorage(StoreRoot, new BackendOptions(), TimeProvider.System);
        _storage.Blobs.EnsureCreatedAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    private string StoreRoot => Path.Combine(_temp.Path, "store");

    private IBlobContainer Uploads => _storage.Blobs.Uploads;

    private string UploadsFolder => Path.Combine(StoreRoot, "uploads");

    [Fact]
    public async Task A_blob_is_a_plain_file_and_reads_back_with_its_etag_type_and_metadata()
    {
        byte[] bytes = [1, 2, 3, 4, 5];
        string eTag = await Uploads.WriteAsync("a/b/photo.jpg", BinaryData.FromBytes(bytes), "image/jpeg", CancellationToken.None, new Dictionary<string, string> { ["jobid"] = "abc" });

        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(UploadsFolder, "a", "b", "photo.jpg")));
        var read = await Uploads.ReadAsync("a/b/photo.jpg", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(bytes, read.Content.ToArray());
        Assert.Equal(eTag, read.ETag);
        Assert.Equal("image/jpeg", read.ContentType);
        Assert.Equal("abc", read.Metadata["JobId"]);

        await using var opened = await Uploads.OpenReadAsync("a/b/photo.jpg", CancellationToken.None);
        Assert.NotNull(opened);
        Assert.Equal((eTag, 5L), (opened.ETag, opened.Length));
        using var copy = new MemoryStream();
        await opened.Content.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());

        Assert.Equal([new ListedBlob("a/b/photo.jpg", eTag)], await ListAsync(Uploads));
        Assert.Null(await Uploads.ReadAsync("a/b/missing.jpg", CancellationToken.None));
        Assert.Null(await Uploads.OpenReadAsync("a/b", CancellationToken.None));
        Assert.Null(await Uploads.TryCreateReadLinkAsync("a/b/photo.jpg", TimeSpan.FromMinutes(5), CancellationToken.None));
    }

    [Fact]
    public async Task Overwriting_gives_a_new_etag_and_only_the_new_properties()
    {
        string first = await Uploads.WriteAsync("x.png", BinaryData.FromString("one"), "image/png", CancellationToken.None, new Dictionary<string, string> { ["jobid"] = "1" });
        string second = await Uploads.WriteAsync("x.png", BinaryData.FromString("two"), "application/octet-stream", CancellationToken.None);

        Assert.NotEqual(first, second);
        var read = (await Uploads.ReadAsync("x.png", CancellationToken.None))!;
        Assert.Equal(("two", second, "application/octet-stream"), (read.Content.ToString(), read.ETag, read.ContentType));
        Assert.Empty(read.Metadata);
        Assert.Equal([new ListedBlob("x.png", second)], await ListAsync(Uploads));
    }

    [Fact]
    public async Task Readers_racing_a_writer_see_whole_versions_with_their_own_properties()
    {
        // Each version is 2 MB of one byte value, with that value in its metadata: a torn file or a file paired with
        // another version's properties would show up as mixed bytes or a mismatch.
        const int size = 2 * 1024 * 1024;
        using var stop = new CancellationTokenSource();
        int wholeReads = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var read = await Uploads.ReadAsync("big.bin", CancellationToken.None);
                if (read is null)
                {
                    continue;
                }

                byte[] content = read.Content.ToArray();
                Assert.Equal(size, content.Length);
                byte version = byte.Parse(read.Metadata["v"], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(content.All(b => b == version), $"version {version} mixed with another");
                Interlocked.Increment(ref wholeReads);
                Assert.All(await ListAsync(Uploads), b => Assert.Equal("big.bin", b.Name));
            }
        })).ToArray();

        for (byte v = 1; v <= 30; v++)
        {
            byte[] content = new byte[size];
            Array.Fill(content, v);
            await Uploads.WriteAsync("big.bin", BinaryData.FromBytes(content), "application/octet-stream", CancellationToken.None,
                new Dictionary<string, string> { ["v"] = v.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.True(wholeReads > 0);
        Assert.Equal(["big.bin"], Directory.EnumerateFiles(UploadsFolder).Select(Path.GetFileName));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(StoreRoot, ".tmp")));
    }

    [Fact]
    public async Task A_file_dropped_in_by_hand_is_listed_once_settled_with_a_type_from_its_extension()
    {
        string path = Path.Combine(UploadsFolder, "dropped.jpg");
        await File.WriteAllBytesAsync(path, [9, 9, 9]);
        Assert.Empty(await ListAsync(Uploads)); // just written: it may still be being copied

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - FolderBlobContainer.SettleTime - TimeSpan.FromSeconds(1));
        var listed = Assert.Single(await ListAsync(Uploads));
        var read = (await Uploads.ReadAsync("dropped.jpg", CancellationToken.None))!;
        Assert.Equal(("dropped.jpg", read.ETag), (listed.Name, listed.ETag));
        Assert.Equal("image/jpeg", read.ContentType);
        Assert.Empty(read.Metadata);

        await File.WriteAllBytesAsync(path, [9, 9, 9, 9]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - TimeSpan.FromSeconds(5));
        Assert.NotEqual(read.ETag, (await Uploads.ReadAsync("dropped.jpg", CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task A_blob_replaced_by_hand_loses_the_old_properties()
    {
        string eTag = await Uploads.WriteAsync("y.png", BinaryData.FromString("store"), "image/png", CancellationToken.None, new Dictionary<string, string> { ["jobid"] = "1" });
        string path = Path.Combine(UploadsFolder, "y.png");
        await File.WriteAllTextAsync(path, "by hand, longer");

        var read = (await Uploads.ReadAsync("y.png", CancellationToken.None))!;
        Assert.Equal("by hand, longer", read.Content.ToString());
        Assert.NotEqual(eTag, read.ETag);
        Assert.Empty(read.Metadata);
    }

    [Fact]
    public async Task Hidden_files_symbolic_links_and_unsafe_names_are_not_listed()
    {
        var old = DateTime.UtcNow - TimeSpan.FromMinutes(1);
        foreach (string name in new[] { ".part.jpg", "sub/.x.jpg", "back\\slash.jpg", "ok.jpg" })
        {
            string path = Path.Combine(UploadsFolder, name.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, [1]);
            File.SetLastWriteTimeUtc(path, old);
        }

        File.CreateSymbolicLink(Path.Combine(UploadsFolder, "link.jpg"), Path.Combine(UploadsFolder, "ok.jpg"));
        Directory.CreateSymbolicLink(Path.Combine(UploadsFolder, "outside"), _temp.Path);

        Assert.Equal(["ok.jpg"], (await ListAsync(Uploads)).Select(b => b.Name));
    }

    [Theory]
    [InlineData("../escaped.txt")]
    [InlineData("../../escaped.txt")]
    [InlineData("a/../../escaped.txt")]
    [InlineData("a/./b.txt")]
    [InlineData("/tmp/codeformer-escaped.txt")]
    [InlineData("a//b.txt")]
    [InlineData("a/")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("..\\..\\escaped.txt")]
    [InlineData("C:\\escaped.txt")]
    [InlineData("c:escaped.txt")]
    [InlineData("nul\0byte.txt")]
    [InlineData("line\nbreak.txt")]
    [InlineData("what?.txt")]
    public async Task Names_that_could_leave_the_folder_or_are_not_portable_file_names_are_refused(string name)
    {
        await Assert.ThrowsAsync<InvalidBlobNameException>(() => Uploads.WriteAsync(name, BinaryData.FromString("x"), "text/plain", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidBlobNameException>(() => Uploads.ReadAsync(name, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidBlobNameException>(() => Uploads.OpenReadAsync(name, CancellationToken.None));

        // Nothing was written anywhere: not in the store, not beside it, not at the absolute path.
        Assert.Equal([Path.Combine(StoreRoot, ".lock")], Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories));
        Assert.False(File.Exists("/tmp/codeformer-escaped.txt"));
    }

    [Fact]
    public async Task Overlong_names_are_refused()
    {
        await Assert.ThrowsAsync<InvalidBlobNameException>(() => Uploads.WriteAsync(new string('a', 256), BinaryData.FromString("x"), "text/plain", CancellationToken.None));
        await Assert.ThrowsAsync<InvalidBlobNameException>(() => Uploads.WriteAsync(string.Join('/', Enumerable.Repeat(new string('a', 100), 11)), BinaryData.FromString("x"), "text/plain", CancellationToken.None));
    }

    [Theory]
    [InlineData("My Photo (1).jpg")]
    [InlineData("ünï cødé/фото.png")]
    [InlineData("%2e%2e/x.jpg")]
    [InlineData("a b/c+d=e&f;g.jpg")]
    [InlineData("dots..in..the..middle.jpg")]
    public async Task Odd_but_safe_names_stay_inside_the_container_folder(string name)
    {
        await Uploads.WriteAsync(name, BinaryData.FromString("x"), "image/jpeg", CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(UploadsFolder, name.Replace('/', Path.DirectorySeparatorChar))));
        Assert.Equal([name], (await ListAsync(Uploads)).Select(b => b.Name));
    }

    [Fact]
    public void A_second_owner_of_the_folder_is_refused_until_the_first_lets_go()
    {
        var refused = Assert.Throws<IOException>(() => new FolderStorage(StoreRoot, new BackendOptions(), TimeProvider.System));
        Assert.Contains("in use by another process", refused.Message, StringComparison.Ordinal);

        _storage.Dispose();
        using var next = new FolderStorage(StoreRoot, new BackendOptions(), TimeProvider.System);
        Assert.Equal(Path.GetFullPath(StoreRoot), next.Root);
    }

    public void Dispose()
    {
        _storage.Dispose();
        _temp.Dispose();
    }

    private static async Task<List<ListedBlob>> ListAsync(IBlobContainer container)
    {
        var listed = new List<ListedBlob>();
        await foreach (var blob in container.ListAsync(null, CancellationToken.None))
        {
            listed.Add(blob);
        }

        return listed;
    }
}
