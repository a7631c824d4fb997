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
exit(await CommandRunner(command: command, processID: getpid()).run())
