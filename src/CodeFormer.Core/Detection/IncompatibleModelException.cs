namespace CodeFormer.Core.Detection;

/// <summary>A model was given to a detector whose inputs or outputs it does not have.</summary>
public sealed class IncompatibleModelException(string modelName, string detector, string problem)
    : PermanentFailureException($"The model '{modelName}' does not fit the {detector} detector: {problem}")
{
    public string ModelName { get; } = modelName;
}
