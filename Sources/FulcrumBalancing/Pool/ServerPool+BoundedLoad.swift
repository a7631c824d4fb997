extension ServerPool {
  /// Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam), as
  /// `hash-balance-factor` applies it: the backend's connections plus the one being placed, times
  /// `factor` percent, are shared out as slots in proportion to effective weights (the remainder
  /// to servers by their cumulative weight), every server getting at least one. A server is
  /// eligible while it serves fewer connections than its slots.
  func isWithinBoundedLoad(_ server: ServerIndex, factor: Int, load: some ServerLoad) -> Bool {
    let total = totalWeight
    guard total > 0 else { return true }
    let slotsTotal = ((load.backendServed + 1) * factor + 99) / 100
    let perWeight = slotsTotal / total
    let remainder = slotsTotal % total
    let weight = effectiveWeights[server.value]
    let before = cumulativeWeights[server.value]
    var slots = weight * perWeight
    slots += (before + weight) * remainder / total - before * remainder / total
    return load.served(server) < max(slots, 1)
  }
}
