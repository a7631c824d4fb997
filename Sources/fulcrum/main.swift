import ArgumentParser
import FulcrumConfig
import FulcrumCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// HAProxy exits 1 on a usage error (argument-parser's default would be 64).
let command: FulcrumCommand
do {
  command = try FulcrumCommand.parseAsRoot() as? FulcrumCommand ?? FulcrumCommand()
} catch {
  let code = FulcrumCommand.exitCode(for: error)
  if code == .success {
    print(FulcrumCommand.fullMessage(for: error))
    exit(0)
  }
  FileOutput.standardError.write(FulcrumCommand.fullMessage(for: error) + "\n\n" + FulcrumCommand.helpMessage() + "\n")
  exit(1)
}
// The main thread waits on a semaphore while the command runs on Swift's cooperative pool,
// rather than using an async top-level: that would park the main thread in dispatch_main's
// signal loop, which valgrind (used to count instructions per request) cannot run.
exit(BlockingMain.run(CommandRunner(command: command, processID: getpid())))
