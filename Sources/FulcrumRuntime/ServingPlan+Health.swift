import FulcrumConfig
import FulcrumHealth

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ServingPlan {
  /// The checks of every backend (used by a frontend or not, as HAProxy checks them all),
  /// in configuration order, with their `track` links resolved; a check a backend asks for and
  /// this build cannot run is refused with its line.
  static func healthPlans(in configuration: FulcrumConfiguration) throws(RuntimeError) -> [BackendHealthPlan] {
    var plans: [BackendHealthPlan] = []
    let identifiers = configuration.proxyIdentifiers
    for (index, backend) in configuration.proxies.enumerated() where backend.hasBackend && !backend.disabled {
      var builder = HealthPlanBuilder(
        backend: backend, global: configuration.global, proxyIdentifier: identifiers[index])
      builder.helloTime = UInt32(truncatingIfNeeded: time(nil))
      builder.proxyHeaderEncoder = CheckProxyHeader.proxyProtocolEncoder
      do throws(HealthPlanError) {
        plans.append(try builder.build())
      } catch {
        throw RuntimeError(error.message)
      }
    }
    do throws(HealthPlanError) {
      var neverChecked: [TrackedServerKey: Bool] = [:]
      for backend in configuration.proxies where backend.hasBackend && backend.disabled {
        for server in backend.servers {
          neverChecked[TrackedServerKey(backend: backend.name, server: server.name)] = server.options.disabled
        }
      }
      try BackendHealthPlan.resolveTracking(&plans, neverChecked: neverChecked)
    } catch {
      throw RuntimeError(error.message)
    }
    return plans
  }

  /// Servers whose tracked chain reaches a `disabled` server start out of load balancing, as
  /// HAProxy starts them (`MAINT (via be/srv)`).
  mutating func applyInheritedMaintenance() {
    var byName: [String: BackendHealthPlan] = [:]
    for plan in healthChecks { byName[plan.name] = plan }
    for index in frontends.indices {
      guard let plan = byName[frontends[index].backendName] else { continue }
      for (server, health) in plan.servers.enumerated()
      where health.startsInMaintenance && server < frontends[index].balancing.members.count {
        frontends[index].balancing.members[server].isInitiallyUp = false
      }
    }
  }
}
