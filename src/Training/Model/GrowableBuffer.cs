namespace SweepCluster.Training.Model;

/// <summary>
/// An activation buffer that keeps the largest allocation it has needed and exposes the current
/// length, so that batches of varying shape reuse memory instead of allocating per step.
/// </summary>
internal sealed class GrowableBuffer<T>
{
    private T[] _items = [];
    private int _length;

    /// <summary>Sets the current length, growing the storage if needed (old contents are not kept).</summary>
    public void Resize(int length)
    {
        if (length > _items.Length)
        {
            _items = new T[length];
        }

        _length = length;
    }

    /// <summary>The first <c>length</c> items set by the last <see cref="Resize"/>.</summary>
    public Span<T> Span => _items.AsSpan(0, _length);
}
