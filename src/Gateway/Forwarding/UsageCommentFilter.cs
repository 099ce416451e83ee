using System.Buffers;
using Cluster.Contracts.Internal;

namespace Cluster.Gateway.Forwarding;

/// <summary>
/// Takes the usage comment a silo adds at the gateway's request (<see cref="ReportedUsage"/>) out of an event stream, so
/// the client receives the bytes it would have received unasked. Bytes pass line by line: a line is handed on once its
/// newline arrives (the silo writes whole events, so this holds nothing back but a line split by the network).
/// </summary>
internal sealed class UsageCommentFilter
{
    private readonly ArrayBufferWriter<byte> _line = new(256);
    private readonly ArrayBufferWriter<byte> _ready = new(4096);
    private int _readOffset;

    /// <summary>Whether bytes wait to be read.</summary>
    public bool HasOutput => _readOffset < _ready.WrittenCount;

    /// <summary>Takes bytes from the silo.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _line.Write(data);
                return;
            }

            if (_line.WrittenCount == 0)
            {
                Pass(data[..(newline + 1)]);
            }
            else
            {
                _line.Write(data[..(newline + 1)]);
                Pass(_line.WrittenSpan);
                _line.Clear();
            }

            data = data[(newline + 1)..];
        }
    }

    /// <summary>The silo's stream ended: a last line without a newline passes as it is.</summary>
    public void Complete()
    {
        Pass(_line.WrittenSpan);
        _line.Clear();
    }

    /// <summary>Copies waiting bytes to <paramref name="destination"/>; returns how many.</summary>
    public int Read(Span<byte> destination)
    {
        var waiting = _ready.WrittenSpan[_readOffset..];
        var count = Math.Min(waiting.Length, destination.Length);
        waiting[..count].CopyTo(destination);
        _readOffset += count;
        if (_readOffset == _ready.WrittenCount)
        {
            _ready.Clear();
            _readOffset = 0;
        }

        return count;
    }

    private void Pass(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith(ReportedUsage.CommentPrefix))
        {
            _ready.Write(line);
        }
    }
}
