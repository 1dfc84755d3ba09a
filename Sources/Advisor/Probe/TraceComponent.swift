import Foundation
import Model

/// `heapfit import trace.txt --as-component NAME`: a `heap_trace_dump()` as a component whose open
/// makes the traced allocations in the order and with the sizes and memory the trace printed.
public enum TraceComponent {
    public static func yaml(_ dump: HeapTraceDump, name: String, file: String) throws(Diagnostic) -> String {
        guard name.wholeMatch(of: /[a-z0-9][a-z0-9_-]{0,63}/) != nil else {
            throw Diagnostic("'\(name)' is not a component name", expected: "lower-case letters, digits, - and _ (e.g. my-tls)",
                             fix: "Choose another --as-component name")
        }
        guard !dump.records.isEmpty else {
            throw Diagnostic("The heap trace in \(file) (line \(dump.firstLine)) has no records", file: file, line: dump.firstLine,
                             expected: "`<n> bytes (@ 0x…) allocated …` lines", fix: "Trace with a buffer and start/stop around the code")
        }
        let fileName = (file as NSString).lastPathComponent
        let freed = dump.records.filter { $0.freedBy != nil }.count
        var out: [String] = []
        out.append("# Imported by `heapfit import \(fileName) --as-component \(name)`.")
        out.append("component: \(name)")
        var description = "The \(dump.records.count) allocations of a heap_trace_dump() (\(fileName), lines \(dump.firstLine)–\(dump.lastLine)), "
            + "in trace order. \(freed) \(freed == 1 ? "was" : "were") freed during the trace: the trace does not say when, so they are freed after "
            + "the last allocation (the peak holds them all: an upper bound); the others stay until close."
        if dump.overflowed { description += " The trace buffer overflowed: allocations after it are missing." }
        if dump.mode == "Leaks" { description += " Leak mode: allocations freed during the trace are not in it." }
        out.append("description: " + ProbeScript.pythonString(description))
        out.append("source: " + ProbeScript.pythonString("\(fileName): heap_trace_dump() output (esp-idf components/heap/heap_trace_standalone.c format)"))
        out.append("open:")
        for (i, r) in dump.records.enumerated() {
            var fields = ["alloc: r\(i + 1)", "size: \(r.size)"]
            switch r.memory {
            case "Internal": fields.append("caps: \"INTERNAL|8BIT\"")
            case "PSRAM": fields.append("caps: \"SPIRAM|8BIT\"")
            default: break
            }
            let caller = r.callers.first.map { String(format: ", caller 0x%08x", $0) } ?? ""
            fields.append("source: " + ProbeScript.pythonString("\(fileName) line \(r.line)\(caller)"))
            out.append("  - {" + fields.joined(separator: ", ") + "}")
        }
        for (i, r) in dump.records.enumerated() where r.freedBy != nil {
            out.append("  - {free: r\(i + 1), source: " + ProbeScript.pythonString("freed during the trace (\(fileName) line \(r.line + 1))") + "}")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
