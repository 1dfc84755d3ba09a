import Advisor
import FuzzSupport
import Model

// An sdkconfig (--sdkconfig FILE): the reader, then the knob values it sets through every release's spelling.
// The shipped tables load before fuzzing starts: loaded during the first input, LeakSanitizer reported them as
// that input's leak (the first run's only "crash", on the empty input).
_ = (FuzzInput.knobTable, FuzzInput.symbols)
runFuzzer { data, size in
    guard let config = try? Sdkconfig.parse(text: FuzzInput.text(data, size), file: "fuzz-sdkconfig") else { return 0 }
    _ = try? SdkconfigBaseline.knobValues(config, table: FuzzInput.knobTable, symbols: FuzzInput.symbols)
    return 0
}
