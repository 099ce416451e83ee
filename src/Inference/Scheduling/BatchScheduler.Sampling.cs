using Cluster.Inference.Native;
using Cluster.Inference.Sampling;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    private readonly List<ActiveSequence> _sampling = [];
    private LlamaToken[] _sampled = [];
    private SamplingWorkers? _samplingWorkers;
    private RowSplit? _rowSplit;
    private Action<int>? _sampleRow;

    private void SampleAll()
    {
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

        if (_options.BackendSampling)
        {
            for (var i = 0; i < _sampling.Count; i++)
            {
                _sampled[i] = SampleNext(_sampling[i], split: null);
            }

            return;
        }

        // Host sampling scans the whole vocabulary per sequence: rows go to the sampling threads one each while
        // there are enough of them to keep every thread busy, else each row's passes are split over all threads.
        // The first logits read lets llama.cpp reorder its output rows, which is not thread-safe; afterwards the rows
        // are only read.
        var workers = _samplingWorkers ??= new SamplingWorkers(_options.SamplingThreads ?? Environment.ProcessorCount);
        _ = _context.GetLogits(_sampling[0].BatchIndex);
        if (!RowSplit.Pays(_sampling.Count, workers.Threads))
        {
            workers.Run(_sampling.Count, _sampleRow ??= row => _sampled[row] = SampleNext(_sampling[row], split: null));
            return;
        }

        _rowSplit ??= new RowSplit(workers);
        for (var i = 0; i < _sampling.Count; i++)
        {
            _sampled[i] = SampleNext(_sampling[i], _rowSplit);
        }
    }
}
