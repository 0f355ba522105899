namespace SweepCluster.GpuNode.Outbox;

/// <summary>What an <see cref="OutboxRecord"/> holds; the value is the tag written in the file.</summary>
internal enum OutboxRecordKind
{
    /// <summary><c>H</c>: format version.</summary>
    Header = 'H',

    /// <summary><c>E</c>: a node event as JSON.</summary>
    Event = 'E',

    /// <summary><c>A</c>: events up to this sequence are acknowledged.</summary>
    Ack = 'A',

    /// <summary><c>N</c>: the next sequence number to hand out.</summary>
    NextSeq = 'N',
}
