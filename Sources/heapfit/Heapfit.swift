import Advisor
import ArgumentParser

@main
struct Heapfit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heapfit",
        abstract: "Split ESP32 RAM between the MicroPython GC heap and the ESP-IDF heap, from a faithful simulation.",
        discussion: """
            Exit codes: 0 success (fits), 1 does not fit / no setting exists, 2 bad input, 3 internal error (please report it).

            Shell completions: heapfit --generate-completion-script bash|zsh|fish. Manual: man docs/man/heapfit.1.
            """,
        version: "0.2.0",
        subcommands: [Boards.self, Heaps.self, Simulate.self, Import.self, Recommend.self, WhatIf.self, SdkconfigCommand.self,
                      BoardFilesCommand.self, Map.self, Sweep.self, Diff.self, Probe.self, Calibrate.self, Reports.self, Levers.self])

    /// Runs the command; a usage error (a missing or malformed option) is bad input like any
    /// other and exits 2, not ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { Terminal.writeError(message + "\n") }
            Terminal.exit(ExitStatus.badInput)
        }
    }
}
