import Foundation
import Model

/// Runs a probe script on the board with `mpremote run` (MicroPython's own tool, found on PATH).
public enum ProbeRunner {
    public struct Output: Sendable {
        public var text: String
        public var status: Int32
        public var checkpoints: Int
    }

    /// `mpremote` on PATH, or nil.
    public static func mpremote(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for dir in (path ?? "").split(separator: ":") {
            let candidate = (String(dir) as NSString).appendingPathComponent("mpremote")
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public static func run(script: String, port: String?) throws(Diagnostic) -> Output {
        guard let tool = mpremote() else {
            throw Diagnostic("mpremote is not on PATH", expected: "MicroPython's mpremote tool (it runs the script on the board)",
                             fix: "pip install mpremote (or pipx install mpremote), or run it by hand: heapfit probe … > probe.py; "
                                + "mpremote run probe.py > probe.log")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapfit-probe-\(getpid())")
        let scriptPath = dir.appendingPathComponent("probe.py").path
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(script.utf8).write(to: URL(fileURLWithPath: scriptPath))
        } catch {
            throw Diagnostic("Cannot write the probe script to \(scriptPath): \(error.localizedDescription)",
                             fix: "Check the temporary directory (TMPDIR) is writable")
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = (port.map { ["connect", $0] } ?? []) + ["run", scriptPath]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            throw Diagnostic("Cannot start \(tool): \(error.localizedDescription)", fix: "Check mpremote runs: mpremote --help")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let checkpoints = text.split(whereSeparator: \.isNewline).filter { $0.hasPrefix(ProbeLogParser.marker + "end ") }.count
        return Output(text: text, status: process.terminationStatus, checkpoints: checkpoints)
    }
}
