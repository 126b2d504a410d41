using System.Globalization;
using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Storage;
using CodeFormer.Core.Imaging;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace CodeFormer.Backend.Http;

/// <summary>
/// The restoration API, shared by the Functions app and <c>codeformer serve</c>:
/// <c>POST /api/restorations</c> (image body or multipart form) → 202 with the job id and its Location;
/// <c>GET /api/restorations/{id}</c> → status; <c>GET /api/restorations/{id}/result</c> → a short-lived link to the image where the store can sign one, else the image streamed.
/// Errors are problem+json: 400 bad options, 413 too large, 415 not an image, 404 unknown job, 409 not ready.
/// </summary>
public sealed class RestorationApi(JobStore jobs, BlobStore blobs, BackendOptions options, ILogger<RestorationApi> logger)
{
    public const string RoutePrefix = "/api/restorations";

    public async Task<ApiResponse> SubmitAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > options.MaxUploadBytes)
        {
            return TooLarge();
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            return UnsupportedType($"Content-Type '{request.ContentType}' is not an image type or multipart/form-data.");
        }

        var fields = new Dictionary<string, string>(request.Query, StringComparer.OrdinalIgnoreCase);
        byte[] image;
        if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var form = await ReadFormAsync(request.Body, mediaType, fields, cancellationToken).ConfigureAwait(false);
            if (form.Error is not null)
            {
                return form.Error;
            }

            image = form.Image!;
        }
        else if (mediaType.MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            || mediaType.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            var body = await CappedRead.ReadAsync(request.Body, options.MaxUploadBytes, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return TooLarge();
            }

            image = body;
        }
        else
        {
            return UnsupportedType($"Content-Type '{mediaType.MediaType}' is not an image type or multipart/form-data.");
        }

        var jobOptions = JobOptions.TryParse(fields, out var optionErrors);
        if (jobOptions is null)
        {
            return ApiResponse.Problem(400, "Invalid options", "One or more options are out of range.", optionErrors);
        }

        UploadCheck.Accepted verdict;
        try
        {
            verdict = UploadCheck.Inspect(image, jobOptions, options);
        }
        catch (ImageRejectedException refusal)
        {
            return UploadCheck.StatusFor(refusal) == 413
                ? ApiResponse.Problem(413, "Image too large", refusal.Message)
                : UnsupportedType(refusal.Message);
        }
        catch (OutputRejectedException refusal)
        {
            var errors = new Dictionary<string, string>
            {
                ["upscale"] = refusal.LargestUpscaleThatFits is { } fits ? $"At most {fits} for this image." : "No upscale fits this image.",
            };
            return ApiResponse.Problem(413, "Result too large", refusal.Message, errors);
        }

        string jobId = JobIds.New();
        string uploadName = jobId + verdict.Extension;
        using var scope = logger.BeginScope("Job {JobId} submit", jobId);
        await jobs.CreateAsync(new JobRecord(jobId, uploadName, JobStatus.Queued, jobOptions, jobs.Clock.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        var metadata = jobOptions.ToMetadata();
        metadata[UploadMetadata.JobId] = jobId;
        try
        {
            await blobs.Uploads.WriteAsync(uploadName, BinaryData.FromBytes(image), verdict.ContentType, cancellationToken, metadata).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            // The job was recorded first so that it can be polled at once; without its upload it can never run.
            await jobs.FailAsync(jobId, "The upload could not be stored; submit it again.", CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        logger.LogInformation("Accepted {Bytes} bytes as {UploadName}", image.Length, uploadName);

        string location = $"{RoutePrefix}/{jobId}";
        return ApiResponse.JsonBody(202, new { id = jobId, status = JobStatus.Queued, statusUrl = location, resultUrl = location + "/result" }, new Dictionary<string, string> { ["Location"] = location });
    }

    public async Task<ApiResponse> GetStatusAsync(string id, CancellationToken cancellationToken)
    {
        var job = JobIds.IsValid(id) ? await jobs.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (job is null)
        {
            return UnknownJob(id);
        }

        return ApiResponse.JsonBody(200, new
        {
            id = job.JobId,
            status = job.Status,
            facesFound = job.FacesFound,
            error = job.Error,
            options = job.Options,
            timestamps = new { created = job.CreatedAt, detected = job.DetectedAt, restored = job.RestoredAt, done = job.DoneAt, failed = job.FailedAt },
            resultUrl = job.Status == JobStatus.Done ? $"{RoutePrefix}/{job.JobId}/result" : null,
        });
    }

    public async Task<ApiResponse> GetResultAsync(string id, CancellationToken cancellationToken)
    {
        var job = JobIds.IsValid(id) ? await jobs.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (job is null)
        {
            return UnknownJob(id);
        }

        if (job.Status == JobStatus.Failed)
        {
            return ApiResponse.Problem(409, "Job failed", $"Job {id} failed: {job.Error}");
        }

        if (job.Status != JobStatus.Done || job.ResultName is null)
        {
            return ApiResponse.Problem(409, "Result not ready", $"Job {id} is {job.Status.ToString().ToLowerInvariant()}; poll its status until it is done.",
                headers: new Dictionary<string, string> { ["Retry-After"] = "1" });
        }

        if (options.ResultLinkMinutes > 0)
        {
            var link = await blobs.Results.TryCreateReadLinkAsync(job.ResultName, TimeSpan.FromMinutes(options.ResultLinkMinutes), cancellationToken).ConfigureAwait(false);
            if (link is not null)
            {
                return ApiResponse.Redirect(link);
            }
        }

        var result = await blobs.Results.OpenReadAsync(job.ResultName, cancellationToken).ConfigureAwait(false);
        return result is null
            ? ApiResponse.Problem(404, "Result missing", $"Job {id} is done but its result {job.ResultName} is gone.")
            : ApiResponse.Streamed(result.ContentType ?? "application/octet-stream", result.Content, result.Length);
    }

    private async Task<(byte[]? Image, ApiResponse? Error)> ReadFormAsync(Stream body, MediaTypeHeaderValue mediaType, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        string boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value ?? "";
        if (boundary.Length == 0)
        {
            return (null, ApiResponse.Problem(400, "Malformed form", "The multipart/form-data body has no boundary."));
        }

        var reader = new MultipartReader(boundary, body);
        byte[]? image = null;
        try
        {
            for (var section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false); section is not null;
                 section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (disposition.IsFileDisposition())
                {
                    if (image is not null)
                    {
                        return (null, ApiResponse.Problem(400, "Malformed form", "Send one image per request."));
                    }

                    image = await CappedRead.ReadAsync(section.Body, options.MaxUploadBytes, cancellationToken).ConfigureAwait(false);
                    if (image is null)
                    {
                        return (null, TooLarge());
                    }
                }
                else
                {
                    string name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                    var value = await CappedRead.ReadAsync(section.Body, 1024, cancellationToken).ConfigureAwait(false);
                    if (value is null)
                    {
                        return (null, ApiResponse.Problem(400, "Malformed form", $"Form field '{name}' is too long."));
                    }

                    fields[name] = System.Text.Encoding.UTF8.GetString(value);
                }
            }
        }
        catch (IOException ex)
        {
            return (null, ApiResponse.Problem(400, "Malformed form", $"The multipart/form-data body could not be read: {ex.Message}"));
        }

        return image is null
            ? (null, ApiResponse.Problem(415, "No image", "The form has no file part holding an image."))
            : (image, null);
    }

    private ApiResponse TooLarge() => ApiResponse.Problem(413, "Upload too large",
        string.Create(CultureInfo.InvariantCulture, $"Uploads are limited to {options.MaxUploadBytes} bytes."));

    private static ApiResponse UnsupportedType(string detail) => ApiResponse.Problem(415, "Not an image", detail);

    private static ApiResponse UnknownJob(string id) => ApiResponse.Problem(404, "Unknown job", $"There is no job '{id}'.");
}
