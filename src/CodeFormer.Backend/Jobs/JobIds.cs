using System.Security.Cryptography;
using System.Text;

namespace CodeFormer.Backend.Jobs;

/// <summary>Job ids: 32 lowercase hex digits, random for API submissions, derived from the blob for direct uploads.</summary>
public static class JobIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// The id of a job started by a blob dropped straight into the uploads container: the same blob version always
    /// gives the same id (a repeated trigger finds its job), a new upload under the same name a new one.
    /// </summary>
    public static string ForUpload(string uploadName, string eTag)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(uploadName + "\n" + eTag));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    public static bool IsValid(string? id) =>
        id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
