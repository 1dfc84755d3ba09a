import Model
import Simulator

/// idf.py size → board: the static sizes of a build, as a boards.yaml entry.
extension ImportCommand {
    static func entry(fromSize size: IDFSizeReport, catalogue: Catalogue, board: Board?, release: IDFVersion?,
                      fileName: String, into report: inout ImportReport) {
        let reading = IDFSizeInterpretation.read(size, catalogue: catalogue, board: board)
        report.notes += reading.notes
        guard let chip = reading.chip, let dram = reading.dram else { return }
        var features = board?.features ?? Features()
        var assumed: [String] = []
        if let bt = reading.bluetooth {
            if bt != features.bluetooth, let board {
                report.notes.append("The DRAM total says Bluetooth is \(bt ? "on" : "off"); \(board.name) has it \(features.bluetooth ? "on" : "off").")
            }
            features.bluetooth = bt
            if !bt { features.scoConnections = 0; features.btController = nil }
        } else if board == nil, chip.btReserveDram > 0 {
            assumed.append("bluetooth: false — the DRAM total does not tell.")
        }
        if let board {
            assumed.append("Features other than Bluetooth are \(board.name)'s.")
        } else {
            assumed.append("singleCore: false, spiram: false — idf.py size does not show them; correct them if your build differs.")
        }
        guard let release else {
            report.notes.append("No boards.yaml entry: idf.py size does not print the ESP-IDF release; pass --idf.")
            return
        }
        guard catalogue.idfReleases.contains(release) else {
            report.notes.append("No boards.yaml entry: ESP-IDF \(release) is not a release boards.yaml lists (idfReleases).")
            return
        }
        do {
            let layout = try chip.layout(idf: release, features: features, file: catalogue.file)
            _ = try StaticPlacement(chip: layout, staticDRAM: dram.used, staticIRAM: reading.iram?.used)
        } catch {
            report.notes.append("No boards.yaml entry: " + error.description)
            return
        }
        func source(_ t: IDFSizeMemoryType) -> String {
            let form = switch size.flavour {
            case .legacyText: t.name == "DIRAM" ? "\"Used stat D/IRAM\" line" : "\"Used static \(t.name)\" line"
            case .table: "\(t.name) row"
            case .legacyJSON, .json2: "\(t.name) figure"
            }
            return "\(fileName)\(t.line.map { " line \($0)" } ?? ""): idf.py size \(form)"
        }
        let iram = chip.iramLength > 0
            ? reading.iram.map { BoardEntry.Figure(value: $0.used, confidence: .imported, source: source($0)) } : nil
        report.boardEntry = BoardEntry(
            name: BoardEntry.boardName(fromFile: fileName, avoiding: catalogue.boards.map(\.name)), chip: chip.name,
            source: "heapfit import of \(fileName) (idf.py size)", features: features, idf: release,
            dram: BoardEntry.Figure(value: dram.used, confidence: .imported, source: source(dram)), iram: iram, rtc: nil,
            assumed: assumed)
    }
}
