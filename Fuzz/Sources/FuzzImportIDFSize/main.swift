import FuzzSupport
import Model

// `idf.py size` output, text (idf_size.py, esp-idf-size table) and JSON (json, json2): the parsers, then
// `heapfit import --board ESP32_GENERIC --idf 5.4.2` (static sizes into an entry and a comparison).
runFuzzer { data, size in
    FuzzInput.importInput(data, size, board: "ESP32_GENERIC", idf: "5.4.2") {
        (IDFSizeJSONParser.recognises($0) && (try? IDFSizeJSONParser.parse($0)) != nil)
            || (IDFSizeTextParser.recognises($0) && (try? IDFSizeTextParser.parse($0)) != nil)
    }
    return 0
}
