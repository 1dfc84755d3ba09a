import Foundation
import Testing

/// One entry of `Tests/Fixtures/bad/expectations.txt`: a malformed input, the command line that
/// feeds it to heapfit, and what heapfit must answer.
struct BadInputExpectation: CustomStringConvertible {
    /// The fixture, relative to `Tests/Fixtures/bad/`, and after `#` the case when one file is given
    /// with several bad options (`cli/valid-workload.yaml#set-unknown-knob`).
    var name: String
    var fixture: String { String(name.prefix { $0 != "#" }) }
    var arguments: [String] = []
    var environment: [String: String] = [:]
    var exitCode: Int32 = 2
    var contains: [String] = []
    /// Whether stdout may hold output (a report that ends in "does not fit"); bad input prints nothing there.
    var stdoutAllowed = false
    /// Where the answer is: "stderr" (a diagnostic, the default) or "stdout" (a report whose notes say
    /// why the input is of no use, with nothing on stderr).
    var stream = "stderr"

    var description: String { name }

    /// The manifest's blocks: `== FIXTURE` then `run:`, `env:`, `exit:`, `contains:`, `stdout: any`, `stream:` lines;
    /// `{file}` is the fixture's absolute path, `{dir}` its folder.
    static func load(_ manifest: URL) throws -> [BadInputExpectation] {
        let folder = manifest.deletingLastPathComponent()
        var out: [BadInputExpectation] = []
        for raw in try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("== ") {
                out.append(BadInputExpectation(name: String(line.dropFirst(3))))
                continue
            }
            guard var e = out.popLast(), let colon = line.firstIndex(of: ":") else {
                throw ManifestError(line: line)
            }
            let file = folder.appendingPathComponent(e.fixture).path
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: "{file}", with: file)
                .replacingOccurrences(of: "{dir}", with: (file as NSString).deletingLastPathComponent)
            switch line[..<colon] {
            case "run": e.arguments = value.split(separator: " ").map(String.init)
            case "env":
                let kv = value.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2 else { throw ManifestError(line: line) }
                e.environment[kv[0]] = kv[1]
            case "exit": e.exitCode = Int32(value) ?? -1
            case "contains": e.contains.append(value)
            case "stdout": e.stdoutAllowed = value == "any"
            case "stream": e.stream = value
            default: throw ManifestError(line: line)
            }
            out.append(e)
        }
        return out
    }

    struct ManifestError: Error { var line: String }
}

/// Where the bad-input fixtures live.
let badInputFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/bad")

/// Every malformed input of `Tests/Fixtures/bad/` run through the built binary: the exit code the
/// manifest states, no crash (a signal), one paragraph on stderr naming what the manifest lists
/// (file, line, what was expected, the fix), and nothing on stdout for bad input.
@Suite("bad inputs, end to end")
struct BadInputCatalogueTests {
    static let expectations: [BadInputExpectation] =
        (try? BadInputExpectation.load(badInputFolder.appendingPathComponent("expectations.txt"))) ?? []

    @Test func theManifestCoversEveryFixture() throws {
        let entries = try BadInputExpectation.load(badInputFolder.appendingPathComponent("expectations.txt"))
        #expect(entries.count >= 60)
        #expect(Set(entries.map(\.name)).count == entries.count, "a case is listed twice")
        var listed = Set(entries.map(\.fixture))
        #expect(listed.count >= 60)
        // Files under a `support/` or `components/` folder are what fixtures include; they need no entry.
        let enumerator = try #require(FileManager.default.enumerator(atPath: badInputFolder.path))
        var unlisted: [String] = []
        for case let path as String in enumerator {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: badInputFolder.appendingPathComponent(path).path, isDirectory: &isDir)
            if isDir.boolValue || path == "expectations.txt" || path.hasSuffix("README.md") { continue }
            if path.contains("/support/") || path.contains("/components/") { continue }
            if listed.remove(path) == nil { unlisted.append(path) }  // each file needs at least one case
        }
        #expect(unlisted.isEmpty, "fixtures without an expectation: \(unlisted.sorted())")
        #expect(listed.isEmpty, "expectations without a fixture: \(listed.sorted())")
        for e in entries {
            #expect(!e.arguments.isEmpty, "\(e.name) has no run: line")
            #expect(!e.contains.isEmpty, "\(e.name) states nothing its diagnostic must say")
        }
    }

    @Test(arguments: expectations)
    func answersWithOneDiagnostic(_ e: BadInputExpectation) throws {
        let r = try runHeapfit(e.arguments, environment: e.environment)
        #expect(r.reason == .exit, "\(e.name): heapfit was killed by signal \(r.status)")
        #expect(r.status == e.exitCode, "\(e.name): exit \(r.status), stderr: \(r.stderr)")
        if e.stream == "stdout" {
            #expect(r.stderr.isEmpty, "\(e.name): \(r.stderr)")
            for s in e.contains {
                #expect(r.stdout.contains(s), "\(e.name): stdout lacks '\(s)': \(r.stdout.prefix(2000))")
            }
            return
        }
        let command = e.arguments[0]
        #expect(r.stderr.hasPrefix("heapfit \(command): "), "\(e.name): \(r.stderr)")
        #expect(r.stderr.hasSuffix("\n") && r.stderr.filter { $0 == "\n" }.count == 1,
                "\(e.name): stderr is not one paragraph: \(r.stderr)")
        for s in e.contains {
            #expect(r.stderr.contains(s), "\(e.name): stderr lacks '\(s)': \(r.stderr)")
        }
        if !e.stdoutAllowed {
            #expect(r.stdout.isEmpty, "\(e.name): stdout is not empty: \(r.stdout.prefix(300))")
        }
    }
}

/// Inputs the fuzz targets found crashing (Tests/Fixtures/fuzz/<target>/): each now gets an answer, not a signal.
@Suite("fuzz findings, end to end")
struct FuzzFindingTests {
    static let folder = badInputFolder.deletingLastPathComponent().appendingPathComponent("fuzz")

    /// Every finding with the command line its target exercises.
    static var findings: [(target: String, file: String)] {
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return targets.sorted().flatMap { target in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(target).path)) ?? [])
                .sorted().map { (target, folder.appendingPathComponent(target).appendingPathComponent($0).path) }
        }
    }

    @Test func everyFindingIsAnsweredWithoutACrash() throws {
        let all = Self.findings
        #expect(!all.isEmpty)
        for (target, file) in all {
            let r: (status: Int32, stdout: String, stderr: String, reason: Process.TerminationReason)
            switch target {
            case "FuzzCatalogue": r = try runHeapfit(["boards"], environment: ["HEAPFIT_BOARDS": file])
            case "FuzzWorkload": r = try runHeapfit(["simulate", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", file])
            default: r = try runHeapfit(["import", file])
            }
            #expect(r.reason == .exit && (0...2).contains(r.status), "\(target)/\(file): status \(r.status)")
            if r.status == 2 {
                #expect(r.stderr.filter { $0 == "\n" }.count == 1, "\(file): \(r.stderr)")
            }
        }
    }
}
