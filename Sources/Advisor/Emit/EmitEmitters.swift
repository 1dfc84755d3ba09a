import Foundation
import Model

/// Renders `heapfit sdkconfig`'s answer: the fragment's text, or JSON with the same content.
public enum SdkconfigEmitter {
    struct Document: Encodable {
        var board, chip, idf, firmware: String
        var kconfigNamesOf: String
        var workloads: [String]
        var initialHeapSize: Int
        var idfHeadroom: Int
        var settings: [Setting]
        var notes: [String]
        var fragment: String
    }
    struct Setting: Encodable {
        var option: String
        var value: String
        var line: String
        var comment: String
        var knob: String?
        var from: Int?
        var bytes: Int?
    }

    /// The fragment as it goes into a file.
    public static func text(_ r: EmitReport) -> String { r.fragment.text }

    /// `settings` (option, value, line, comment, knob, from, bytes), `notes`, the context and the fragment's text.
    public static func json(_ r: EmitReport) -> String {
        let f = r.fragment
        let c = r.recommendation
        return JSONText.encode(Document(
            board: c.board, chip: c.chip, idf: "\(f.idf)", firmware: "\(c.firmware)", kconfigNamesOf: "v\(f.checkedAgainst)",
            workloads: c.workloads, initialHeapSize: c.initialHeapSize, idfHeadroom: c.idfHeadroom,
            settings: f.settings.map { Setting(option: "CONFIG_" + $0.option, value: $0.value, line: $0.line, comment: $0.comment,
                                               knob: $0.knob, from: $0.from, bytes: $0.bytes) },
            notes: f.notes, fragment: f.text))
    }
}

/// Renders `heapfit board-files`' answer: what was (or would be) written where.
public enum BoardFilesEmitter {
    struct Document: Encodable {
        var boardName: String
        var initialHeapSize: Int
        var idf: String
        var firmware: String
        var files: [File]
        /// Whether a file sets the initial heap (false: only the lever's port patch does).
        var initialHeapWritten: Bool
        var initialHeapLever: LeversJSONEmitter.Entry
    }
    struct File: Encodable { var name: String; var path: String; var contents: String }

    /// One line per file, after the verdict; `directory` is where they were written.
    public static func text(_ b: BoardFiles, report: EmitReport, directory: String) -> String {
        let r = report.recommendation
        var lines = ["\(r.board) (\(r.chip)) on ESP-IDF \(r.idf) · \(r.firmware): \(r.initialHeapName) = \(r.initialHeapSize) "
                     + "(\(r.initialHeapSize / 1024) KiB), \(report.fragment.settings.count) sdkconfig setting\(report.fragment.settings.count == 1 ? "" : "s").",
                     "Wrote board folder \(b.boardName) in \(directory):"]
        for file in b.files { lines.append("  " + (directory as NSString).appendingPathComponent(file.name)) }
        if case .portPatch(let lever) = b.initialHeap { lines.append("The initial heap is in no file: \(LeverText.how(lever)).") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `files` (name, path, contents) with the board name, heap size, release and firmware.
    public static func json(_ b: BoardFiles, report: EmitReport, directory: String) -> String {
        let r = report.recommendation
        return JSONText.encode(Document(boardName: b.boardName, initialHeapSize: r.initialHeapSize, idf: "\(r.idf)", firmware: "\(r.firmware)",
                                        files: b.files.map { File(name: $0.name, path: (directory as NSString).appendingPathComponent($0.name),
                                                                  contents: $0.contents) },
                                        initialHeapWritten: b.initialHeap.isWritten, initialHeapLever: LeversJSONEmitter.entry(b.initialHeap.lever)))
    }
}
