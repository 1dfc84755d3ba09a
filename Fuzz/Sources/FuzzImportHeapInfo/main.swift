import FuzzSupport
import Model

// `esp32.idf_heap_info()` lists: the parser, then `heapfit import --board ESP32_GENERIC --idf 5.4.2` (comparison).
runFuzzer { data, size in
    FuzzInput.importInput(data, size, board: "ESP32_GENERIC", idf: "5.4.2") { IDFHeapInfoParser.recognises($0) && (try? IDFHeapInfoParser.parse($0)) != nil }
    return 0
}
