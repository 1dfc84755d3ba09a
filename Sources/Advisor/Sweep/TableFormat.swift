/// The output formats of the table commands (`sweep`, `diff`): one report value, several emitters.
public enum TableFormat: String, CaseIterable, Sendable {
    case text, markdown, csv, json
}

/// A report flattened to a header and rows of cells, for the markdown and CSV emitters (the text
/// emitters lay out their own tables with `TextTable`; JSON encodes the report itself).
struct FlatTable: Sendable {
    var header: [String]
    var rows: [[String]]

    /// A GitHub-flavoured markdown table: `|` in a cell escaped, line breaks turned into spaces.
    var markdown: String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
                .joined(separator: " | ") + " |"
        }
        var out = [line(header), "|" + header.map { _ in " --- |" }.joined()]
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }

    /// CSV with RFC 4180 quoting: a field with a comma, a double quote or a line break is quoted,
    /// quotes doubled. Lines end with LF (every CSV reader accepts it; the RFC's CRLF would show in diffs).
    var csv: String {
        func field(_ s: String) -> String {
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return ([header] + rows).map { $0.map(field).joined(separator: ",") + "\n" }.joined()
    }
}
