using CodeFormer.Backend.Jobs;

namespace CodeFormer.Backend.Tests;

/// <summary>Every transition on the job record from every state: which are allowed (and what they set), which are refused (null).</summary>
public sealed class JobTransitionTests
{
    private static readonly DateTimeOffset s_at = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static TheoryData<JobStatus, int?, string, JobStatus?> Table()
    {
        var table = new TheoryData<JobStatus, int?, string, JobStatus?>();
        void Row(JobStatus from, int? faces, string transition, JobStatus? to) => table.Add(from, faces, transition, to);
        foreach (var (from, faces) in new (JobStatus, int?)[] { (JobStatus.Queued, null), (JobStatus.Detected, 2), (JobStatus.Detected, 0), (JobStatus.Restored, 2), (JobStatus.Done, 2), (JobStatus.Failed, null), (JobStatus.Cancelled, null) })
        {
            bool finished = from is JobStatus.Done or JobStatus.Failed or JobStatus.Cancelled;
            Row(from, faces, "detected", from == JobStatus.Queued ? JobStatus.Detected : null);
            Row(from, faces, "restored", from == JobStatus.Detected && faces > 0 ? JobStatus.Restored : null);
            Row(from, faces, "done", from == JobStatus.Restored || (from == JobStatus.Detected && faces == 0) ? JobStatus.Done : null);
            Row(from, faces, "fail", finished ? null : JobStatus.Failed);
            Row(from, faces, "cancel", finished ? null : JobStatus.Cancelled);
            Row(from, faces, "resumed", finished ? null : from);
        }

        return table;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Transition_is_allowed_or_refused(JobStatus from, int? faces, string transition, JobStatus? expected)
    {
        var job = new JobRecord(JobIds.New(), "a.jpg", from, JobOptions.Default, s_at.AddHours(-1)) { FacesFound = faces };
        var after = transition switch
        {
            "detected" => job.MarkDetected(3, s_at),
            "restored" => job.MarkRestored(s_at),
            "done" => job.MarkDone("r.png", "r.json", s_at),
            "fail" => job.Fail("why", s_at),
            "cancel" => job.Cancel("withdrawn", s_at),
            "resumed" => job.MarkResumed(s_at),
            _ => throw new ArgumentOutOfRangeException(nameof(transition)),
        };

        Assert.Equal(expected, after?.Status);
        if (after is null)
        {
            return;
        }

        Assert.Equal(job.JobId, after.JobId);
        switch (transition)
        {
            case "detected": Assert.Equal((s_at, 3), (after.DetectedAt!.Value, after.FacesFound!.Value)); break;
            case "restored": Assert.Equal(s_at, after.RestoredAt); break;
            case "done": Assert.Equal((s_at, "r.png", "r.json"), (after.DoneAt!.Value, after.ResultName!, after.ReportName!)); break;
            case "fail": Assert.Equal((s_at, "why"), (after.FailedAt!.Value, after.Error!)); break;
            case "cancel": Assert.Equal((s_at, "withdrawn"), (after.FailedAt!.Value, after.Error!)); break;
            case "resumed": Assert.Equal((s_at, 1, s_at), (after.ResumedAt!.Value, after.Resumes, after.LastProgressAt)); break;
        }
    }

    [Fact]
    public void Finished_states_are_done_failed_and_cancelled()
    {
        Assert.Equal(
            [JobStatus.Done, JobStatus.Failed, JobStatus.Cancelled],
            Enum.GetValues<JobStatus>().Where(s => new JobRecord(JobIds.New(), "a.jpg", s, JobOptions.Default, s_at).IsFinished));
    }
}
