import Foundation
import Testing

/// Issue 17, the first hour of a new user: output folded to 100 columns off a terminal, help examples that copy and
/// paste, --json on every reporting command, the same defaults everywhere, "did you mean", "Wrote <path>", grammar.
@Suite("the first hour: output, defaults, suggestions")
struct FirstHourCLITests {
    /// Off a terminal (the tests' pipe) prose is folded to 100 columns; only table rows (columns padded with two or
    /// more spaces) and unbreakable words may be longer. The knob reasons that were ~300 characters now wrap.
    @Test(arguments: [["recommend"], ["recommend", "--objective", "largest-heap"], ["simulate"], ["recommend", "--board", "ESP32_GENERIC-SPIRAM"], ["heaps"], ["boards"]])
    func proseIsFoldedTo100Columns(args: [String]) throws {
        let r = try runHeapfit(args)
        #expect(r.status == 0, "\(r.stderr)")
        for line in r.stdout.split(separator: "\n") where line.count > 100 {
            let body = line.drop { $0 == " " }
            let isTableRow = body.contains("  ")
            let unbreakable = !body.contains(" ")
            #expect(isTableRow || unbreakable, "\(args): a \(line.count)-column line: \(line)")
        }
        if args == ["recommend", "--objective", "largest-heap"] {
            // A knob reason continues on an indented line.
            #expect(r.stdout.contains("\n  CONFIG_"))
            #expect(r.stdout.contains("\n    "))
        }
    }

    /// Help examples fit 80 columns, long ones continued with `\`: every example line copies as a whole.
    @Test func helpExamplesFit80ColumnsWithContinuations() throws {
        var continued = 0
        for name in try CLIPolishTests.subcommands() {
            let r = try runHeapfit([name, "--help"], environment: ["COLUMNS": "80"])
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in lines.enumerated() where line.trimmingCharacters(in: .whitespaces).hasPrefix("heapfit \(name)") {
                #expect(line.count <= 80, "\(name) --help: \(line)")
                var j = i
                while lines[j].hasSuffix("\\") {
                    continued += 1
                    j += 1
                    #expect(lines[j].hasPrefix("      ") && lines[j].count <= 80, "\(name) --help continuation: \(lines[j])")
                }
            }
        }
        #expect(continued >= 5)
    }

    /// `--json` on every command that reports; sweep and diff keep `--format json` as the same thing.
    @Test func jsonOnEveryReportingCommand() throws {
        for args in [["sweep", "--board", "ESP8266_GENERIC"], ["diff", "--idf", "5.4.1", "--idf", "5.4.2", "--workload", "boot-repl"],
                     ["map", "--workload", "boot-repl"], ["heaps"], ["boards", "--chip", "ESP8266"]] {
            let json = try runHeapfit(args + ["--json"])
            #expect(json.status == 0, "\(args): \(json.stderr)")
            #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil, "\(args) --json is not JSON")
            if args[0] == "sweep" || args[0] == "diff" {
                #expect(try runHeapfit(args + ["--format", "json"]).stdout == json.stdout)
                let both = try runHeapfit(args + ["--json", "--format", "csv"])
                #expect(both.status == 2 && both.stderr.contains("--json and --format csv ask for two formats"))
            }
        }
        let map = try runHeapfit(["map", "--workload", "https-get-x2", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(map.stdout.utf8)) as? [String: Any])
        #expect(object["moment"] as? String == "peak")
        let heaps = try #require(object["heaps"] as? [[String: Any]])
        let owners = heaps.flatMap { ($0["blocks"] as? [[String: Any]]) ?? [] }.compactMap { $0["component"] as? String }
        #expect(owners.contains("wifi-sta") && owners.contains("tls-session"))
    }

    /// simulate, map, whatif and heaps take the defaults recommend takes (ESP32_GENERIC, https-get-x2, the board's IDF).
    @Test func defaultsAreTheSameOnEveryCommand() throws {
        let header = "ESP32_GENERIC (ESP32) on ESP-IDF 5.5.1 · micropython-1.28 · workload https-get-x2"
        #expect(try runHeapfit(["recommend", "--brief"]).stdout.hasPrefix(header))
        #expect(try runHeapfit(["simulate"]).stdout.hasPrefix(header))
        let whatif = try runHeapfit(["whatif", "--tls", "2"])
        #expect(whatif.stdout.contains("ESP32_GENERIC") && whatif.stdout.contains("https-get-x2"), "\(whatif.stdout)\(whatif.stderr)")
        #expect(try runHeapfit(["map"]).stdout.contains("<svg"))
        #expect(try runHeapfit(["heaps"]).stdout.contains("ESP-IDF 5.5.1"))
    }

    /// `--brief` on simulate, whatif and reports run: the verdict lines of the full text, in the same words, and
    /// nothing of the tables, notes or advisories; the exit code is the full run's.
    @Test func briefKeepsTheVerdictLinesOfEveryVerdictCommand() throws {
        let failing = ["simulate", "--workload", "tls-x2-concurrent", "--initial-heap", "100K"]
        for args in [["simulate"], failing, ["whatif", "--tls", "3", "--to-initial-heap", "100K", "--each"]] {
            let full = try runHeapfit(args)
            let brief = try runHeapfit(args + ["--brief"])
            #expect(brief.status == full.status, "\(args): \(brief.stderr)")
            let verdict = try #require(full.stdout.split(separator: "\n").first { $0.hasPrefix("Verdict:") })
            #expect(brief.stdout.contains(verdict), "\(args) --brief lost \(verdict)")
            #expect(brief.stdout.split(separator: "\n").count < full.stdout.split(separator: "\n").count / 2, "\(args)")
            #expect(!brief.stdout.contains("Per step") && !brief.stdout.contains("Side by side") && !brief.stdout.contains("Largest block"))
        }
        // simulate: the failing allocation is named; whatif: each column's lowest free memory against the baseline.
        #expect(try runHeapfit(failing + ["--brief"]).stdout.contains("  Allocation: tls_b/in_buf, 16717 B"))
        let whatif = try runHeapfit(["whatif", "--tls", "3", "--to-initial-heap", "100K", "--each", "--brief"]).stdout
        let baseline = try #require(whatif.split(separator: "\n").first { $0.hasPrefix("baseline: lowest free internal IDF memory ") })
        #expect(!baseline.contains("against the baseline"))
        #expect(whatif.contains("--tls 3: lowest free internal IDF memory"))
        #expect(whatif.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("against the baseline; fails at step"))
        // reports run: one line a report and the summary, the same summary as the full scorecard.
        let card = try runHeapfit(["reports", "run", "mp-16650-esp32-idf54", "mp-13035", "--brief"])
        let lines = card.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(card.stdout)")
        #expect(lines.contains("mp-16650-esp32-idf54-two-tls-endpoints — reproduced"))
        #expect(lines.last == (try runHeapfit(["reports", "run", "mp-16650-esp32-idf54", "mp-13035"]).stdout.split(separator: "\n").last))
    }

    /// A typo in a board, workload, firmware or knob name gets the name meant.
    @Test(arguments: [
        (["simulate", "--board", "ESP32_GENRIC"], "Did you mean ESP32_GENERIC?"),
        (["recommend", "--workload", "https-gte"], "Did you mean https-get?"),
        (["simulate", "--firmware", "micropyton-1.24"], "Did you mean micropython-1.24?"),
        (["recommend", "--keep", "MBEDTLS_SSL_IN_CONTENT_LN"], "Did you mean MBEDTLS_SSL_IN_CONTENT_LEN?"),
        (["simulate", "--set", "MBEDTLS_SSL_IN_CONTENT_LN=4096"], "Did you mean MBEDTLS_SSL_IN_CONTENT_LEN?"),
    ])
    func didYouMean(args: [String], hint: String) throws {
        let r = try runHeapfit(args)
        #expect(r.status == 2)
        #expect(r.stderr.contains(hint), "\(r.stderr)")
    }

    @Test func grammarAndDefaultsPrintedOnce() throws {
        #expect(try runHeapfit(["boards", "--chip", "ESP8266"]).stdout.hasPrefix("heapfit boards — 1 board on ESP8266."))
        let help = try runHeapfit(["recommend", "--help"], environment: ["COLUMNS": "200"]).stdout
        let option = try #require(help.range(of: "  --cost-weight <cost-weight>"))
        let entry = help[option.upperBound...].prefix { $0 != "-" }  // up to the next option
        #expect(entry.components(separatedBy: "default").count == 2, "\(entry)")
        #expect(entry.contains("(default: 1.0)"))
    }
}
