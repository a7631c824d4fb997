import FulcrumConfig
import FulcrumHealth

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ServingPlan {
  /// The checks of every backend (used by a frontend or not, as HAProxy checks them all),
  /// in configuration order; a check a backend asks for and this build cannot run is refused
  /// with its line.
  static func healthPlans(in configuration: FulcrumConfiguration) throws(RuntimeError) -> [BackendHealthPlan] {
    var plans: [BackendHealthPlan] = []
    let identifiers = configuration.proxyIdentifiers
    for (index, backend) in configuration.proxies.enumerated() where backend.hasBackend && !backend.disabled {
      var builder = HealthPlanBuilder(
        backend: backend, global: configuration.global, proxyIdentifier: identifiers[index])
      builder.helloTime = UInt32(truncatingIfNeeded: time(nil))
      do throws(HealthPlanError) {
        plans.append(try builder.build())
      } catch {
        throw RuntimeError(error.message)
      }
    }
    return plans
  }
}
