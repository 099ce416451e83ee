namespace Cluster.Inference.Sampling;

/// <summary>
/// A fixed set of sampling threads that run the indices of one job together with the calling thread: a step's rows,
/// or the parts of one row's pass. Nothing is allocated per job, and the threads are the sampler's own, so a step never
/// queues behind the thread pool's other work (HTTP, Orleans) the way <see cref="Parallel.For(int, int, Action{int})"/> does.
/// </summary>
/// <remarks>
/// One job at a time, started by one thread (the scheduler's loop). Indices are claimed one by one from a counter
/// tagged with the job's number, so a thread still leaving the previous job can never claim an index of the next.
/// Between jobs the threads spin briefly (a row's passes follow each other within microseconds), then sleep.
/// </remarks>
public sealed class SamplingWorkers : IDisposable
{
    private const int SpinsBeforeSleep = 200;

    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _wake = new(0);
    private long _state;
    private int _count;
    private int _remaining;
    private int _sleepers;
    private Action<int> _work = static _ => { };
    private Exception? _failure;
    private volatile bool _disposed;

    /// <summary>Starts <paramref name="threads"/> - 1 helper threads; the thread that runs a job is the last one.</summary>
    public SamplingWorkers(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        _threads = new Thread[threads - 1];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"sampling-{i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>Threads that run a job, the calling one included.</summary>
    public int Threads => _threads.Length + 1;

    /// <summary>Runs <paramref name="work"/> for every index below <paramref name="count"/> and returns when all are done; rethrows the first failure.</summary>
    public void Run(int count, Action<int> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (count <= 1 || _threads.Length == 0)
        {
            for (var i = 0; i < count; i++)
            {
                work(i);
            }

            return;
        }

        _work = work;
        _count = count;
        _failure = null;
        Volatile.Write(ref _remaining, count);
        var job = (Volatile.Read(ref _state) >> 32) + 1;
        Volatile.Write(ref _state, job << 32);
        WakeSleepers();
        Claim(job);
        var spinner = default(SpinWait);
        while (Volatile.Read(ref _remaining) > 0)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        // Closed before the next job changes its count: a late claim against this job then always fails.
        Volatile.Write(ref _state, (job << 32) | int.MaxValue);
        if (_failure is { } failure)
        {
            throw new AggregateException(failure);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Interlocked.Add(ref _state, 1L << 32);
        if (_threads.Length > 0)
        {
            _wake.Release(_threads.Length);
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _wake.Dispose();
    }

    private void WakeSleepers()
    {
        var sleepers = Interlocked.Exchange(ref _sleepers, 0);
        if (sleepers > 0)
        {
            _wake.Release(sleepers);
        }
    }

    private void Work()
    {
        long seen = 0;
        while (!_disposed)
        {
            var job = Volatile.Read(ref _state) >> 32;
            if (job == seen)
            {
                WaitForJob(seen);
                continue;
            }

            seen = job;
            Claim(job);
        }
    }

    // Spins a little, then sleeps until a new job wakes it. A sleeper counted after the job started re-checks first;
    // a release it did not need only wakes it once more for nothing.
    private void WaitForJob(long seen)
    {
        for (var spin = 0; spin < SpinsBeforeSleep; spin++)
        {
            if (Volatile.Read(ref _state) >> 32 != seen)
            {
                return;
            }

            Thread.SpinWait(20);
        }

        Interlocked.Increment(ref _sleepers);
        if (Volatile.Read(ref _state) >> 32 == seen && !_disposed)
        {
            _wake.Wait();
        }
    }

    private void Claim(long job)
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            var index = (int)state;
            if (state >> 32 != job || index >= _count)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) != state)
            {
                continue;
            }

            try
            {
                _work(index);
            }
            catch (Exception error)
            {
                Interlocked.CompareExchange(ref _failure, error, null);
            }
            finally
            {
                Interlocked.Decrement(ref _remaining);
            }
        }
    }
}
