import Model

extension ReportRunner {
    static func kind(_ o: FieldReport.Observation) -> String {
        switch o.kind {
        case .outcome: "outcome"
        case .figure(let f): f.kind.rawValue
        }
    }

    /// What the board did, in one line.
    static func seen(_ o: FieldReport.Observation) -> String {
        switch o.kind {
        case .outcome(let outcome):
            var text = outcome.fails ? "fails" : "works"
            if !outcome.steps.isEmpty {
                text += (outcome.fails ? " at " : " past ") + outcome.steps.map { "\"\($0)\"" }.joined(separator: " or ")
            } else if let w = outcome.whereText {
                text += " (\(w))"
            }
            if let e = outcome.error { text += ": \(e)" }
            return text
        case .figure(let f):
            return "after \"\(f.after)\": \(f.value) (±\(f.tolerance) B)"
        }
    }

    /// `initial heap 56 KiB (57344 B), MBEDTLS_SSL_IN_CONTENT_LEN=4096`, or `defaults`.
    static func describe(_ s: FieldReport.Settings) -> String {
        var parts: [String] = []
        if let h = s.initialHeap {
            parts.append(h % 1024 == 0 ? "initial heap \(h / 1024) KiB (\(h) B)" : "initial heap \(h) B")
        }
        parts += s.knobs.map { "\($0.name)=\($0.value)" }
        return parts.isEmpty ? "defaults" : parts.joined(separator: ", ")
    }
}
