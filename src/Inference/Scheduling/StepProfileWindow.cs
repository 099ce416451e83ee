namespace Cluster.Inference.Scheduling;

/// <summary>One reporting window of <see cref="StepProfile"/>: step count, batch shape, and milliseconds per step by phase.</summary>
internal readonly record struct StepProfileWindow(
    long Steps, double BatchTokensPerStep, double OutputsPerStep,
    double HousekeepingMs, double BuildMs, double SubmitMs, double DeviceWaitMs, double SampleMs, double EmitMs);
