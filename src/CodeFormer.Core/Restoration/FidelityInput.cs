namespace CodeFormer.Core.Restoration;

/// <summary>The model's fidelity input (w): its name, element type and whether it is a scalar or shape [1].</summary>
public sealed record FidelityInput(string Name, bool IsDouble, bool IsScalar);
