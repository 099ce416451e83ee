namespace Cluster.Inference.Scheduling;

/// <summary>The parts of one scheduler step, as <see cref="StepProfile"/> times them.</summary>
internal enum StepPhase
{
    /// <summary>Commands, admission, dropping abandoned streams, publishing load.</summary>
    Housekeeping,

    /// <summary>Filling the batch with decode tokens and prefill chunks.</summary>
    Build,

    /// <summary>llama_decode, which returns once the device work is queued.</summary>
    Submit,

    /// <summary>llama_synchronize: waiting for the device to finish the step.</summary>
    DeviceWait,

    /// <summary>Choosing every sequence's next token.</summary>
    Sample,

    /// <summary>Detokenising, stop matching and handing pieces to the streams' channels.</summary>
    Emit,
}
