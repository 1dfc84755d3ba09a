import Foundation
import Testing

/// Every command documents itself: `--help` with an example and the exit codes, shell completions
/// and the man page cover every subcommand `heapfit --help` lists (so a new command that is not
/// documented, or a man page not regenerated, fails here).
@Suite("help, completions and man page")
struct CLIPolishTests {
    static func subcommands() throws -> [String] {
        let help = try runHeapfit(["--help"])
        #expect(help.status == 0)
        var names: [String] = []
        var inList = false
        for line in help.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inList = true; continue }
            guard inList else { continue }
            // "  name   abstract…": a name at two spaces of indent; wrapped abstracts are indented further.
            if line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first, name != "See" {
                names.append(String(name))
            }
        }
        return names
    }

    @Test func everySubcommandHasHelpWithAnExampleAndExitCodes() throws {
        let names = try Self.subcommands()
        #expect(names.count >= 5)
        #expect(names.contains("recommend") && names.contains("simulate"))
        for name in names {
            let r = try runHeapfit([name, "--help"])
            #expect(r.status == 0, "\(name) --help")
            #expect(r.stdout.contains("Example"), "\(name) --help has no example")
            #expect(r.stdout.contains("Exit codes"), "\(name) --help does not say its exit codes")
            #expect(r.stdout.contains("heapfit \(name)"), "\(name) --help's example does not run \(name)")
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsCoverEverySubcommand(shell: String) throws {
        let r = try runHeapfit(["--generate-completion-script", shell])
        #expect(r.status == 0)
        for name in try Self.subcommands() {
            #expect(r.stdout.contains(name), "\(shell) completion lacks \(name)")
        }
    }

    @Test func theManPageIsUpToDateWithTheCommands() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let page = try String(contentsOf: root.appendingPathComponent("docs/man/heapfit.1"), encoding: .utf8)
        #expect(page.hasPrefix(".\\\"") || page.contains(".Dt HEAPFIT 1") || page.contains(".TH"))
        for name in try Self.subcommands() {
            #expect(page.contains(name), "docs/man/heapfit.1 does not cover \(name): run `make man`")
        }
        // Options of a command are in it too (generated from the definitions, not written by hand).
        #expect(page.contains("initial-heap"))
        #expect(page.contains("idf-headroom"))
    }

    @Test func versionIsPrinted() throws {
        let r = try runHeapfit(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
    }
}
