extension RoundRobinGroup {
  /// Re-places a server of this group whose usability or effective weight changed (HAProxy's
  /// `fwrr_set_server_status_up/down` and `fwrr_update_server_weight`); `weight` is the group's
  /// total effective weight after the change.
  mutating func apply(_ transition: ServerPool.Transition, weight: Int, pool: ServerPool) {
    let server = transition.server.value
    switch (transition.wasUsable, transition.isUsable) {
    case (false, false):
      return
    case (true, false):
      dequeue(server)
      progress[server].placement = .none
    case (false, true):
      prepareToRequeue(server)
      progress[server].position = entryPosition(weight: weight, own: transition.weight)
      place(server, weight: weight, pool: pool)
    case (true, true):
      reweigh(server, weight: weight, own: transition.weight, pool: pool)
    }
  }

  /// Where a server entering the window mid-way starts, so that it does not take a burst.
  private func entryPosition(weight: Int, own: Int) -> Int {
    currentPosition + (weight + currentWeight - currentPosition) / own
  }

  /// Adjusts a server's position as it leaves its queue (HAProxy's `fwrr_get_srv`): from the
  /// init queue it restarts, from the next queue it is back in this window's terms, and from
  /// nowhere it starts at the current position.
  private mutating func prepareToRequeue(_ server: Int) {
    let placement = progress[server].placement
    if placement == initPlacement {
      progress[server].position = 0
      progress[server].remainder = 0
    } else if placement == nextPlacement {
      progress[server].position += currentWeight
    } else if placement == .none {
      progress[server].position = currentPosition
    }
  }

  /// Moves a usable server whose weight changed: re-sorted if it has not started this window,
  /// otherwise its next turn is recomputed from its last one with the new step, never later than
  /// planned and never in the very next two positions.
  private mutating func reweigh(_ server: Int, weight: Int, own: Int, pool: ServerPool) {
    let placement = progress[server].placement
    if placement == initPlacement {
      dequeue(server)
      queueByWeight(server, weight: own, intoInit: true)
      return
    }
    prepareToRequeue(server)
    if placement == .none {
      progress[server].position = entryPosition(weight: weight, own: own)
    } else {
      let planned = progress[server].position
      let step = weight / own
      progress[server].position = min(progress[server].lastPosition + step, planned)
      progress[server].remainder = 0
      if progress[server].position < currentPosition + 2 {
        progress[server].position = currentPosition + step
      }
    }
    dequeue(server)
    place(server, weight: weight, pool: pool)
  }
}
