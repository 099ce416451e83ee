namespace Cluster.Inference.Scheduling;

/// <summary>One reporting window of <see cref="StepProfile"/>: step count, batch shape (tokens, outputs, llama.cpp micro-batches), and milliseconds per step by phase.</summary>
internal readonly record struct StepProfileWindow(
    long Steps, double BatchTokensPerStep, double OutputsPerStep, double MicroBatchesPerStep,
    double HousekeepingMs, double BuildMs, double SubmitMs, double DeviceWaitMs, double SampleMs, double EmitMs);
