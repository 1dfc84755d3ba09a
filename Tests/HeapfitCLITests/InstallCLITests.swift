import Foundation
import Testing

@Suite("make install: the binary finds its data in PREFIX/share/heapfit")
struct InstallCLITests {
    /// `make install-files` (what `make install` runs after building) with the debug binary into a fresh PREFIX,
    /// then the installed binary is run by its bare name from PATH in a directory outside the checkout: it must read
    /// the installed copy of boards.yaml, workloads/, reports/ and truth/, not the checkout's.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/make"), "make is not installed"))
    func installedBinaryReadsTheInstalledData() throws {
        let work = NSTemporaryDirectory() + "heapfit-install-\(UUID().uuidString)"
        let prefix = work + "/prefix"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let made = try runProgram("/usr/bin/make", ["-s", "install-files", "PREFIX=" + prefix, "HEAPFIT_BIN=" + (try builtHeapfit())],
                                  cwd: repositoryRoot)
        #expect(made.status == 0, "\(made.output)")
        #expect(made.output.contains("installed \(prefix)/bin/heapfit and its data in \(prefix)/share/heapfit"))
        for file in ["bin/heapfit", "share/heapfit/boards.yaml", "share/heapfit/workloads/knobs.yaml",
                     "share/heapfit/workloads/components/tls-session.yaml", "share/heapfit/reports/mp-8940-esp32-picod4-idf44-https-get.yaml",
                     "share/heapfit/truth/mbedtls/index.yaml"] {
            #expect(FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file) not installed")
        }
        // Edit the installed copies: the binary must answer from them.
        let share = prefix + "/share/heapfit"
        let original = try String(contentsOfFile: share + "/workloads/https-get.yaml", encoding: .utf8)
        try original.replacingOccurrences(of: "workload: https-get", with: "workload: only-installed")
            .write(toFile: share + "/workloads/only-installed.yaml", atomically: true, encoding: .utf8)
        let report = try String(contentsOfFile: share + "/reports/mp-8940-esp32-picod4-idf44-https-get.yaml", encoding: .utf8)
        try report.replacingOccurrences(of: "report: mp-8940-esp32-picod4-idf44-https-get", with: "report: only-installed-report")
            .write(toFile: share + "/reports/only-installed-report.yaml", atomically: true, encoding: .utf8)
        let environment = ["PATH": prefix + "/bin:/usr/bin:/bin", "HOME": work]
        // /usr/bin/env runs it as `heapfit` (argv[0] without a folder), as a shell does.
        let s = try runProgram("/usr/bin/env", ["heapfit", "simulate", "--board", "ESP32_GENERIC", "--workload", "only-installed"],
                               cwd: work, environment: environment)
        #expect(s.output.contains("only-installed"), "\(s.output)")
        let r = try runProgram("/usr/bin/env", ["heapfit", "reports"], cwd: work, environment: environment)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("only-installed-report"), "\(r.output)")
        let uninstalled = try runProgram("/usr/bin/make", ["-s", "uninstall", "PREFIX=" + prefix], cwd: repositoryRoot)
        #expect(uninstalled.status == 0)
        #expect(!FileManager.default.fileExists(atPath: prefix + "/bin/heapfit"))
        #expect(!FileManager.default.fileExists(atPath: share))
    }
}
