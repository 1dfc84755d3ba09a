import Advisor
import ArgumentParser

/// `heapfit probe`: writes the script that measures a workload (or the user's program) on the board.
struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Write a MicroPython/CircuitPython script that runs a workload on your board and prints its heaps after each step.",
        discussion: """
            The script runs the workload's steps as real Python (Wi-Fi, sockets, TLS, Bluetooth; Python steps \
            allocate the objects the workload models), or your own program with --main, and prints at each \
            checkpoint esp32.idf_heap_info(esp32.HEAP_DATA), micropython.mem_info() and gc.mem_free()/mem_alloc() \
            (CircuitPython: espidf's totals), and the exception of a step that fails. Feed its output to \
            `heapfit import` or `heapfit calibrate`.

            Examples:
              heapfit probe --workload https-get-x2 \\
                  --firmware micropython-1.24 > probe.py
              mpremote run probe.py > probe.log
              heapfit probe --workload https-get-x2 --firmware micropython-1.24 --run \\
                  --out probe.log

            With --run, heapfit runs `mpremote run` itself (mpremote must be on PATH: pip install mpremote) and \
            saves what the board printed to --out (default probe.log).

            Exit codes: 0 written (and run), 2 bad input (unknown workload, no mpremote, existing --out).
            """)

    @Option(help: "A shipped workload name (e.g. https-get-x2) or a path to a workload YAML file.")
    var workload: String

    @Option(help: "Firmware release the board runs, e.g. micropython-1.24 or circuitpython-9.2.")
    var firmware: String

    @Option(help: "Your program: it runs (with exec) between the first and last checkpoint; it may call checkpoint(\"label\").")
    var main: String?

    @Option(help: "Write the script (or, with --run, the board's output) to this file instead of standard output / probe.log.")
    var out: String?

    @Flag(help: "Replace --out if it exists.")
    var force = false

    @Flag(name: .customLong("run"), help: "Run the script on the board with `mpremote run` and save its output.")
    var runOnBoard = false

    @Option(help: "With --run: the board's serial port (mpremote connect PORT), e.g. /dev/ttyUSB0.")
    var port: String?

    func run() throws {
        try reportingDiagnostics("probe") {
            if port != nil, !runOnBoard { throw Diagnostic("--port is given without --run", fix: "Add --run, or drop --port") }
            let program: ProbeScript.Program = if let main {
                .main(file: main, source: String(decoding: try InputFile.read(main, what: "your program (--main)", limit: 1 << 20),
                                                 as: UTF8.self))
            } else {
                .workload
            }
            let script = try ProbeScript.render(workload: workload, firmware: firmware, program: program,
                                                library: try ResourceLocator.workloads())
            guard runOnBoard else {
                if let out {
                    try OutputFile.write(script, to: out, force: force)
                    announceWrote(out, "the probe script (run it with: mpremote run \(out) > probe.log)")
                } else {
                    print(script, terminator: "")
                }
                return
            }
            let logPath = out ?? "probe.log"
            try OutputPath.refuseExisting(logPath, force: force, holding: "the board's output")
            let output = try ProbeRunner.run(script: script, port: port)
            try OutputFile.write(output.text, to: logPath, force: force)
            announceWrote(logPath, "the board's output (\(output.checkpoints) checkpoints). Next: heapfit calibrate \(logPath) --workload \(workload) --board <your board>")
            if output.status != 0 {
                throw Diagnostic("mpremote exited with status \(output.status); what it printed is in \(logPath)",
                                 fix: "Check the board is connected (mpremote connect list) and not busy in another program")
            }
        }
    }
}
