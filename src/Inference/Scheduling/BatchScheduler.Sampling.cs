using Cluster.Inference.Native;
using Cluster.Inference.Sampling;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    private readonly List<ActiveSequence> _sampling = [];
    private LlamaToken[] _sampled = [];
    private SamplingWorkers? _samplingWorkers;
    private RowSplit? _rowSplit;
    private readonly List<int> _hostRows = [];
    private Action<int>? _sampleHostRow;

    private void SampleAll()
    {
        ForkPrefilled();
        _sampling.Clear();
        foreach (var slot in _slots)
        {
            if (slot.Active is { Finalizing: true, NextToken: null } finalized)
            {
                Finish(finalized, error: null);
            }
            else if (slot.Active is { BatchIndex: >= 0 } sequence)
            {
                _sampling.Add(sequence);
            }
        }

        if (_sampled.Length < _sampling.Count)
        {
            _sampled = new LlamaToken[_slots.Length];
        }

        if (_sampling.Count == 0)
        {
            return;
        }

        // Rows sampled on the GPU only read their token. The first logits read lets llama.cpp reorder its output rows,
        // which is not thread-safe; afterwards the rows are only read.
        _hostRows.Clear();
        for (var i = 0; i < _sampling.Count; i++)
        {
            if (_sampling[i].Slot.SamplerOnBackend)
            {
                _sampled[i] = SampleNext(_sampling[i], split: null);
            }
            else
            {
                _hostRows.Add(i);
            }
        }

        if (_hostRows.Count == 0)
        {
            return;
        }

        // Host sampling scans the whole vocabulary per row: rows go to the sampling threads one each while there are
        // enough of them to keep every thread busy, else each row's passes are split over all threads.
        var workers = _samplingWorkers ??= new SamplingWorkers(_options.SamplingThreads ?? Environment.ProcessorCount);
        _ = _context.GetLogits(_sampling[_hostRows[0]].BatchIndex);
        if (!RowSplit.Pays(_hostRows.Count, workers.Threads))
        {
            workers.Run(_hostRows.Count, _sampleHostRow ??= SampleHostRow);
            return;
        }

        _rowSplit ??= new RowSplit(workers);
        foreach (var i in _hostRows)
        {
            _sampled[i] = SampleNext(_sampling[i], _rowSplit);
        }
    }

    // Everything on the GPU with BackendSampling; else the requests BackendSamplingFor names, unless they need the
    // logits row on the host (a grammar, logprobs).
    private bool SamplesOnBackend(Generation.GenerationRequest request)
    {
        if (_options.BackendSampling)
        {
            return true;
        }

        var sampling = request.Sampling;
        // Several choices draw their first tokens from one logits row on the host.
        if (request.Grammar is not null || request.LogProbs is not null || sampling.HasPenalties || request.Choices > 1)
        {
            return false;
        }

        return sampling.IsGreedy
            ? _options.BackendSamplingFor.HasFlag(BackendSamplingScope.Greedy) && sampling.LogitBias is not { Count: > 0 }
            : sampling.TopK > 0 && _options.BackendSamplingFor.HasFlag(BackendSamplingScope.TopK);
    }

    private void SampleHostRow(int row)
    {
        var i = _hostRows[row];
        _sampled[i] = SampleNext(_sampling[i], split: null);
    }
}
