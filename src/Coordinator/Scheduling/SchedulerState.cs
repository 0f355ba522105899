namespace SweepCluster.Coordinator.Scheduling;

/// <summary>
/// Slot bookkeeping of the scheduler, pure and deterministic: which node slots are free, which are
/// held by a trial or by a grant on its way to a sweep, and which sweeps want slots. Grants go
/// round-robin across sweeps (fairness), each to the node with the most free slots (spreading load),
/// ties broken by node id.
/// </summary>
internal sealed class SchedulerState
{
    private readonly SortedDictionary<string, NodeSlots> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SweepDemand> _sweeps = new(StringComparer.Ordinal);
    private readonly List<string> _rotation = [];
    private readonly Dictionary<long, (string SweepId, string NodeId, int Slot)> _grants = [];
    private readonly Dictionary<string, (string NodeId, int Slot)> _occupants = new(StringComparer.Ordinal);
    private long _nextGrant;
    private int _cursor;

    public int FreeSlots => _nodes.Values.Sum(n => n.FreeCount);

    public int PendingGrants => _grants.Count;

    public void NodeUp(string nodeId, int slots)
    {
        if (_nodes.TryGetValue(nodeId, out var existing) && existing.Capacity == slots)
        {
            return;
        }

        NodeDown(nodeId);
        _nodes[nodeId] = new NodeSlots(slots);
    }

    public void NodeDown(string nodeId)
    {
        if (!_nodes.Remove(nodeId))
        {
            return;
        }

        foreach (var (trialId, place) in _occupants.ToArray())
        {
            if (place.NodeId == nodeId)
            {
                _occupants.Remove(trialId);
            }
        }

        foreach (var (grantId, grant) in _grants.ToArray())
        {
            if (grant.NodeId == nodeId)
            {
                _grants.Remove(grantId);
                _sweeps.GetValueOrDefault(grant.SweepId)?.Resolved();
            }
        }
    }

    /// <summary>Records how many more trials a sweep could start now.</summary>
    public void SetDemand(string sweepId, int demand)
    {
        if (!_sweeps.TryGetValue(sweepId, out var s))
        {
            s = new SweepDemand();
            _sweeps.Add(sweepId, s);
            _rotation.Add(sweepId);
        }

        s.Wanted = demand;
    }

    public void RemoveSweep(string sweepId)
    {
        if (_sweeps.Remove(sweepId))
        {
            var index = _rotation.IndexOf(sweepId);
            _rotation.RemoveAt(index);
            if (_cursor > index)
            {
                _cursor--;
            }
        }
    }

    /// <summary>
    /// A sweep (re)started, e.g. after a supervised restart: grants it had not answered are void
    /// (the message carrying them was dropped with the failure), so their slots are free again.
    /// </summary>
    public void ResetGrants(string sweepId)
    {
        foreach (var (grantId, grant) in _grants.ToArray())
        {
            if (grant.SweepId == sweepId)
            {
                Resolve(grantId, null);
            }
        }
    }

    /// <summary>Marks a slot as held by a trial (recovery, or a node reporting what it runs).</summary>
    public void Occupy(string trialId, string nodeId, int slot)
    {
        if (_occupants.ContainsKey(trialId) || !_nodes.TryGetValue(nodeId, out var node))
        {
            return;
        }

        var index = slot >= 0 && slot < node.Capacity && !node.IsUsed(slot) ? slot : node.FirstFree();
        if (index >= 0)
        {
            node.Take(index);
        }

        _occupants[trialId] = (nodeId, index);
    }

    /// <summary>Frees the slot a trial held.</summary>
    public void Release(string trialId)
    {
        if (_occupants.Remove(trialId, out var place) && place.Slot >= 0 && _nodes.TryGetValue(place.NodeId, out var node))
        {
            node.Free(place.Slot);
        }
    }

    /// <summary>A sweep used a grant for a trial (the slot stays taken) or gave it back (trialId null).</summary>
    public void Resolve(long grantId, string? trialId)
    {
        if (!_grants.Remove(grantId, out var grant))
        {
            return;
        }

        _sweeps.GetValueOrDefault(grant.SweepId)?.Resolved();
        if (!_nodes.TryGetValue(grant.NodeId, out var node))
        {
            return;
        }

        if (trialId is null)
        {
            node.Free(grant.Slot);
        }
        else
        {
            _occupants[trialId] = (grant.NodeId, grant.Slot);
        }
    }

    /// <summary>Hands out every slot that can be used now.</summary>
    public IReadOnlyList<SlotGrant> Dispatch()
    {
        var grants = new List<SlotGrant>();
        while (_rotation.Count > 0)
        {
            var granted = false;
            for (var tried = 0; tried < _rotation.Count; tried++)
            {
                _cursor %= _rotation.Count;
                var sweepId = _rotation[_cursor];
                _cursor++;
                var sweep = _sweeps[sweepId];
                if (sweep.Wanted - sweep.Pending <= 0)
                {
                    continue;
                }

                var node = MostFree();
                if (node is null)
                {
                    return grants;
                }

                var slot = node.Value.Value.FirstFree();
                node.Value.Value.Take(slot);
                var grant = new SlotGrant(++_nextGrant, sweepId, node.Value.Key, slot);
                _grants.Add(grant.GrantId, (sweepId, grant.NodeId, slot));
                sweep.Pending++;
                grants.Add(grant);
                granted = true;
                break;
            }

            if (!granted)
            {
                break;
            }
        }

        return grants;
    }

    private KeyValuePair<string, NodeSlots>? MostFree()
    {
        KeyValuePair<string, NodeSlots>? best = null;
        foreach (var pair in _nodes)
        {
            if (pair.Value.FreeCount > 0 && (best is null || pair.Value.FreeCount > best.Value.Value.FreeCount))
            {
                best = pair;
            }
        }

        return best;
    }

    /// <summary>One node's slots with a running count of free ones (the dispatcher asks for it per grant).</summary>
    private sealed class NodeSlots(int capacity)
    {
        private readonly bool[] _used = new bool[capacity];

        public int Capacity { get; } = capacity;

        public int FreeCount { get; private set; } = capacity;

        public bool IsUsed(int slot) => _used[slot];

        public int FirstFree() => Array.IndexOf(_used, false);

        public void Take(int slot)
        {
            if (!_used[slot])
            {
                _used[slot] = true;
                FreeCount--;
            }
        }

        public void Free(int slot)
        {
            if (_used[slot])
            {
                _used[slot] = false;
                FreeCount++;
            }
        }
    }

    private sealed class SweepDemand
    {
        public int Wanted { get; set; }

        public int Pending { get; set; }

        /// <summary>A grant was used or returned; the sweep reports its new demand with it.</summary>
        public void Resolved() => Pending--;
    }
}

/// <summary>A free slot offered to a sweep.</summary>
internal sealed record SlotGrant(long GrantId, string SweepId, string NodeId, int Slot);
