using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CodeFormer.Backend.Jobs;
using CodeFormer.Backend.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using CodeFormer.Core.Imaging;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace CodeFormer.Backend.Http;

/// <summary>
/// The restoration API's handlers, on ASP.NET Core's request and result types, shared by the Functions app (its
/// ASP.NET Core integration) and <c>codeformer serve</c> (Kestrel):
/// <c>POST /api/restorations</c> (image body or multipart form) → 202 with the job id and its Location;
/// <c>GET /api/restorations/{id}</c> → status; <c>GET /api/restorations/{id}/result</c> → a short-lived link to the image where the store can sign one, else the image streamed.
/// Errors are problem+json: 400 bad or unknown options and malformed forms, 413 too large, 415 not an image, 404 unknown job, 409 not ready.
/// </summary>
public sealed class RestorationApi(JobStore jobs, BlobStore blobs, BackendOptions options, ILogger<RestorationApi> logger)
{
    public const string RoutePrefix = "/api/restorations";

    /// <summary>The most parts a form may have: the image and each option, with room to spare.</summary>
    public const int MaxFormParts = 16;

    private const int MaxFieldBytes = 1024;

    /// <summary>Room in a body, beyond the upload limit, for the multipart framing around the image.</summary>
    private const long FormOverheadBytes = 64 * 1024;

    /// <summary>RFC 2046's longest boundary.</summary>
    private const int MaxBoundaryLength = 70;

    /// <summary>A query parameter that is not an option: the function key Azure Functions reads.</summary>
    private const string FunctionKeyParameter = "code";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<IResult> SubmitAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        if (request.ContentLength > options.MaxUploadBytes)
        {
            return TooLarge();
        }

        // A chunked body has no length to check up front: the server stops reading it past the limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = options.MaxUploadBytes + FormOverheadBytes;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            return UnsupportedType($"Content-Type '{ApiProblem.Quote(request.ContentType)}' is not an image type or multipart/form-data.");
        }

        var fields = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
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
            return UnsupportedType($"Content-Type '{ApiProblem.Quote(mediaType.MediaType.Value)}' is not an image type or multipart/form-data.");
        }

        fields.Remove(FunctionKeyParameter);
        var jobOptions = JobOptions.TryParse(fields, out var optionErrors);
        var unknown = fields.Keys.Where(name => !JobOptions.FieldNames.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (jobOptions is null || unknown.Count > 0)
        {
            var errors = new Dictionary<string, string>(optionErrors, StringComparer.OrdinalIgnoreCase);
            foreach (string name in unknown)
            {
                errors[ApiProblem.Quote(name)] = $"Not an option; the options are {string.Join(", ", JobOptions.FieldNames)}.";
            }

            return ApiProblem.Create(400, "Invalid options", "One or more options are unknown or out of range.", errors);
        }

        UploadCheck.Accepted verdict;
        try
        {
            verdict = UploadCheck.Inspect(image, jobOptions, options);
        }
        catch (ImageRejectedException refusal)
        {
            return UploadCheck.StatusFor(refusal) == 413
                ? ApiProblem.Create(413, "Image too large", refusal.Message)
                : UnsupportedType(refusal.Message);
        }
        catch (OutputRejectedException refusal)
        {
            var errors = new Dictionary<string, string>
            {
                ["upscale"] = refusal.LargestUpscaleThatFits is { } fits ? $"At most {fits} for this image." : "No upscale fits this image.",
            };
            return ApiProblem.Create(413, "Result too large", refusal.Message, errors);
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
        return new HeaderedResult(
            TypedResults.Json(new { id = jobId, status = JobStatus.Queued, statusUrl = location, resultUrl = location + "/result" }, s_json, statusCode: 202),
            new Dictionary<string, string> { ["Location"] = location });
    }

    public async Task<IResult> GetStatusAsync(string id, CancellationToken cancellationToken)
    {
        var job = JobIds.IsValid(id) ? await jobs.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (job is null)
        {
            return UnknownJob(id);
        }

        return TypedResults.Json(
            new
            {
                id = job.JobId,
                status = job.Status,
                facesFound = job.FacesFound,
                error = job.Error,
                options = job.Options,
                timestamps = new { created = job.CreatedAt, detected = job.DetectedAt, restored = job.RestoredAt, done = job.DoneAt, failed = job.FailedAt },
                resultUrl = job.Status == JobStatus.Done ? $"{RoutePrefix}/{job.JobId}/result" : null,
            },
            s_json);
    }

    public async Task<IResult> GetResultAsync(string id, CancellationToken cancellationToken)
    {
        var job = JobIds.IsValid(id) ? await jobs.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        if (job is null)
        {
            return UnknownJob(id);
        }

        if (job.Status is JobStatus.Failed or JobStatus.Cancelled)
        {
            return ApiProblem.Create(409, "Job " + job.Status.ToString().ToLowerInvariant(), $"Job {id} {job.Status.ToString().ToLowerInvariant()}: {job.Error}");
        }

        if (job.Status != JobStatus.Done || job.ResultName is null)
        {
            return ApiProblem.Create(409, "Result not ready", $"Job {id} is {job.Status.ToString().ToLowerInvariant()}; poll its status until it is done.",
                headers: new Dictionary<string, string> { ["Retry-After"] = "1" });
        }

        if (options.ResultLinkMinutes > 0)
        {
            var link = await blobs.Results.TryCreateReadLinkAsync(job.ResultName, TimeSpan.FromMinutes(options.ResultLinkMinutes), cancellationToken).ConfigureAwait(false);
            if (link is not null)
            {
                return new HeaderedResult(TypedResults.Redirect(link.AbsoluteUri), new Dictionary<string, string> { ["Cache-Control"] = "no-store" });
            }
        }

        var result = await blobs.Results.OpenReadAsync(job.ResultName, cancellationToken).ConfigureAwait(false);
        return result is null
            ? ApiProblem.Create(404, "Result missing", $"Job {id} is done but its result {job.ResultName} is gone.")
            : new HeaderedResult(
                TypedResults.Stream(result.Content, result.ContentType ?? "application/octet-stream"),
                new Dictionary<string, string> { ["Content-Length"] = result.Length.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>
    /// Reads a multipart form: one file part (the image) and option fields, at most <see cref="MaxFormParts"/> parts
    /// of which each field holds at most 1 KB, so a flood of fields is refused after a few kilobytes.
    /// </summary>
    private async Task<(byte[]? Image, IResult? Error)> ReadFormAsync(Stream body, MediaTypeHeaderValue mediaType, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        string boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value ?? "";
        if (boundary.Length is 0 or > MaxBoundaryLength)
        {
            return (null, MalformedForm($"The multipart/form-data boundary must be 1 to {MaxBoundaryLength} characters."));
        }

        var reader = new MultipartReader(boundary, body) { BodyLengthLimit = options.MaxUploadBytes + FormOverheadBytes };
        byte[]? image = null;
        int parts = 0;
        try
        {
            for (var section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false); section is not null;
                 section = await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false))
            {
                if (++parts > MaxFormParts)
                {
                    return (null, ApiProblem.Create(400, "Too many form fields", $"A form holds at most {MaxFormParts} parts: the image and its options."));
                }

                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    return (null, MalformedForm("Every part needs a Content-Disposition: form-data header."));
                }

                if (disposition.IsFileDisposition())
                {
                    if (image is not null)
                    {
                        return (null, MalformedForm("Send one image per request."));
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
                    var value = await CappedRead.ReadAsync(section.Body, MaxFieldBytes, cancellationToken).ConfigureAwait(false);
                    if (value is null)
                    {
                        return (null, MalformedForm($"Form field '{ApiProblem.Quote(name)}' is longer than {MaxFieldBytes} bytes."));
                    }

                    fields[name] = System.Text.Encoding.UTF8.GetString(value);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge());
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            // The multipart reader's own refusals (too many or too long part headers, a malformed header line, a
            // body that ends before its closing boundary) and the server's (a body cut short).
            return (null, MalformedForm($"The multipart/form-data body could not be read: {ApiProblem.Quote(ex.Message, 300)}"));
        }

        return image is null
            ? (null, ApiProblem.Create(415, "No image", "The form has no file part holding an image."))
            : (image, null);
    }

    private IResult TooLarge() => ApiProblem.Create(413, "Upload too large",
        string.Create(CultureInfo.InvariantCulture, $"Uploads are limited to {options.MaxUploadBytes} bytes."));

    private static IResult MalformedForm(string detail) => ApiProblem.Create(400, "Malformed form", detail);

    private static IResult UnsupportedType(string detail) => ApiProblem.Create(415, "Not an image", detail);

    private static IResult UnknownJob(string id) => ApiProblem.Create(404, "Unknown job", $"There is no job '{ApiProblem.Quote(id)}'.");
}
