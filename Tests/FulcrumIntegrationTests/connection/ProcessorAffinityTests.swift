import Foundation
import FulcrumRuntime
import Testing

/// nbthread's default: the CPUs in the affinity mask, not the machine's cores.
@Suite struct ProcessorAffinityTests {
  @Test func countsTheCPUsThisProcessMayUse() {
    let allowed = ProcessorAffinity.allowedCPUCount()
    #expect(allowed >= 1)
    #expect(allowed <= ProcessInfo.processInfo.processorCount)
  }

  @Test func readsTheMaskFromProcStatus() {
    #expect(ProcessorAffinity.cpusAllowed(inStatus: "Name:\tx\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n") == 2)
    #expect(ProcessorAffinity.cpusAllowed(inStatus: "Cpus_allowed:\t1\n") == 1)
    #expect(ProcessorAffinity.cpusAllowed(inStatus: "Cpus_allowed:\tffffffff,00000001\n") == 33)
    #expect(ProcessorAffinity.cpusAllowed(inStatus: "Name:\tx\n") == nil)
    #expect(ProcessorAffinity.cpusAllowed(inStatus: "Cpus_allowed:\tzz\n") == nil)
  }
}
