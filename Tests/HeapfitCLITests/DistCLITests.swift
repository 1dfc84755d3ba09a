import Foundation
import Testing

/// The repository root (Tests/HeapfitCLITests/ → ../..).
let repositoryRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

func pythonOnPath() -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let p = "\(dir)/python3"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
}

/// Runs a program; stdout and stderr together.
@discardableResult
func runProgram(_ path: String, _ args: [String], cwd: String? = nil, environment: [String: String]? = nil) throws
    -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    if let environment { p.environment = environment }
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite("make dist: the wheel")
struct DistCLITests {
    /// The wheel `make dist` builds, made here from the debug binary `make test` already built (the release
    /// static build takes minutes): installed into a fresh venv with no index, `heapfit recommend` and
    /// `python -m heapfit` run from another directory with neither the checkout nor Swift on PATH.
    @Test(.enabled(if: pythonOnPath() != nil, "python3 is not on PATH"))
    func wheelInstallsAWorkingHeapfit() throws {
        let python = try #require(pythonOnPath())
        let work = NSTemporaryDirectory() + "heapfit-wheel-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let built = try runProgram(python, [repositoryRoot + "/Packaging/build_wheel.py", "--binary", try builtHeapfit(),
                                            "--root", repositoryRoot, "--version", "0.2.0", "--out", work + "/dist",
                                            "--tag", "linux_x86_64", "--fast"])
        #expect(built.status == 0, "\(built.output)")
        let wheel = work + "/dist/heapfit-0.2.0-py3-none-linux_x86_64.whl"
        #expect(FileManager.default.fileExists(atPath: wheel))
        // The license travels inside.
        let listing = try runProgram(python, ["-m", "zipfile", "-l", wheel])
        #expect(listing.output.contains("heapfit/LICENSE"))
        #expect(listing.output.contains("heapfit-0.2.0.dist-info/licenses/LICENSE"))
        #expect(listing.output.contains("heapfit/workloads/https-get-x2.yaml"))
        #expect(try runProgram(python, ["-m", "venv", work + "/venv"]).status == 0)
        let pip = try runProgram(work + "/venv/bin/pip", ["install", "--no-index", "--quiet", wheel])
        #expect(pip.status == 0, "\(pip.output)")
        let environment = ["PATH": work + "/venv/bin:/usr/bin:/bin", "HOME": work]
        let r = try runProgram(work + "/venv/bin/heapfit", ["recommend"], cwd: work, environment: environment)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("Recommended: MICROPY_GC_INITIAL_HEAP_SIZE = "))
        let m = try runProgram(work + "/venv/bin/python", ["-m", "heapfit", "boards"], cwd: work, environment: environment)
        #expect(m.status == 0, "\(m.output)")
        #expect(m.output.contains("ESP32_GENERIC"))
        // The installed copy of the data is what it reads: a workload only the venv has is found by name.
        let site = try runProgram(work + "/venv/bin/python", ["-c", "import heapfit, os; print(os.path.dirname(heapfit.__file__))"],
                                  environment: environment).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let original = try String(contentsOfFile: repositoryRoot + "/workloads/https-get.yaml", encoding: .utf8)
        try original.replacingOccurrences(of: "workload: https-get", with: "workload: only-in-the-wheel")
            .write(toFile: site + "/workloads/only-in-the-wheel.yaml", atomically: true, encoding: .utf8)
        let s = try runProgram(work + "/venv/bin/heapfit", ["simulate", "--board", "ESP32_GENERIC", "--workload", "only-in-the-wheel"],
                               cwd: work, environment: environment)
        #expect(s.output.contains("only-in-the-wheel"), "\(s.output)")
        // The field reports travel too: `heapfit reports` lists what the wheel holds.
        #expect(listing.output.contains("heapfit/reports/mp-8940-esp32-picod4-idf44-https-get.yaml"))
        let report = try String(contentsOfFile: site + "/reports/mp-8940-esp32-picod4-idf44-https-get.yaml", encoding: .utf8)
        try report.replacingOccurrences(of: "report: mp-8940-esp32-picod4-idf44-https-get", with: "report: only-in-the-wheel-report")
            .write(toFile: site + "/reports/only-in-the-wheel-report.yaml", atomically: true, encoding: .utf8)
        let reports = try runProgram(work + "/venv/bin/heapfit", ["reports"], cwd: work, environment: environment)
        #expect(reports.status == 0, "\(reports.output)")
        #expect(reports.output.contains("only-in-the-wheel-report"), "\(reports.output)")
    }
}
