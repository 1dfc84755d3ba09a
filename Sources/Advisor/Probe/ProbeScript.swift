import Foundation
import Model
import Simulator

/// Writes the MicroPython (or CircuitPython) script `heapfit probe` prints: the workload's top-level
/// steps as real Python, or the user's own program, with a checkpoint after each that prints what the
/// board knows in the formats `heapfit import` reads (`ProbeLogParser`).
public enum ProbeScript {
    /// What the script runs.
    public enum Program: Sendable {
        /// The workload's steps, written as Python.
        case workload
        /// The user's program (`main.py`): its source, run with `exec` between checkpoint 0 and the last one;
        /// it may call `checkpoint("label")` itself.
        case main(file: String, source: String)
    }

    /// Components heapfit can write as Python, for the diagnostic of one it cannot.
    public static let writable = ["ble", "espnow", "http-server", "mqtt", "softap", "tcp-socket", "tls-session", "udp-socket",
                                  "webrepl", "wifi-sta"]

    /// The script for a workload (a shipped name or a file) of `library` on `firmware` (`micropython-1.24`).
    public static func render(workload name: String, firmware text: String, program: Program,
                              library: String) throws(Diagnostic) -> String {
        guard let firmware = Firmware(parsing: text) else {
            throw Diagnostic("'\(text)' is not a firmware release heapfit knows." + FirmwareResolution.firmwareHint(text),
                             expected: "PORT-MAJOR.MINOR, e.g. micropython-1.24 or circuitpython-9.2", fix: "Correct --firmware")
        }
        return try render(workload: try WorkloadLoader(library: library).workload(name), firmware: firmware, program: program)
    }

    public static func render(workload: Workload, firmware: Firmware, program: Program) throws(Diagnostic) -> String {
        guard firmware.port == .micropython || firmware.port == .circuitpython else {
            throw Diagnostic("heapfit probe writes scripts for MicroPython on ESP32 chips and CircuitPython, not \(firmware)",
                             expected: "--firmware micropython-X.Y (1.19 or later) or circuitpython-X.Y",
                             fix: "The ESP8266 and Pycom ports have no esp32.idf_heap_info(); use mem_info() by hand there")
        }
        let cp = firmware.port == .circuitpython
        var w = PythonWriter()
        var steps: [(label: String, body: [String])] = []
        switch program {
        case .workload:
            var state = ProbeState()
            for step in workload.steps {
                var body: [String] = []
                try python(step.action, cp: cp, firmware: firmware, state: &state, workload: workload, line: step.line, into: &body)
                steps.append((step.label ?? ProbeScript.describe(step.action), body.isEmpty ? ["pass"] : body))
            }
        case .main(let file, let source):
            steps.append(("\((file as NSString).lastPathComponent) finished",
                          ["exec(PROGRAM, {\"__name__\": \"__main__\", \"checkpoint\": user_checkpoint})"]))
            w.line("# \((file as NSString).lastPathComponent), run with exec() so a failure is caught and reported.")
            w.line("PROGRAM = " + pythonString(source))
            w.line("")
        }
        let preamble = header(workload: workload, firmware: firmware, program: program, cp: cp)
        w.prepend(preamble)
        for (n, step) in steps.enumerated() {
            w.line("")
            w.line("")
            w.line("def step_\(n + 1)():")
            for l in step.body { w.line("    " + l) }
        }
        w.line("")
        w.line("")
        w.line("STEPS = [")
        for (n, step) in steps.enumerated() { w.line("    (\(n + 1), \(pythonString(step.label)), step_\(n + 1)),") }
        w.line("]")
        w.line("")
        w.line("print(\"heapfit-probe: begin workload \(token(workload.name)) firmware \(firmware) steps %d\" % len(STEPS))")
        w.line("print(\"heapfit-probe: platform %s %s\" % (sys.platform, sys.version))")
        w.line("checkpoint(0, \"start\")")
        w.line("for n, label, run in STEPS:")
        w.line("    try:")
        w.line("        run()")
        w.line("    except Exception as e:")
        w.line("        print(\"heapfit-probe: error %d %s: %s\" % (n, type(e).__name__, e))")
        w.line("        checkpoint(n, label)")
        w.line("        break")
        w.line("    checkpoint(n, label)")
        w.line("print(\"heapfit-probe: done\")")
        return w.text
    }

    /// A workload name as one token of the `begin` line.
    static func token(_ s: String) -> String {
        String(s.map { $0.isWhitespace || $0 == "\"" || $0 == "\\" ? "-" : $0 })
    }

    static func header(workload: Workload, firmware: Firmware, program: Program, cp: Bool) -> [String] {
        var h: [String] = []
        let what: String = switch program {
        case .workload: "the steps of workload \(workload.name)"
        case .main(let file, _): "\((file as NSString).lastPathComponent), modelled by workload \(workload.name)"
        }
        h.append("# heapfit probe for \(firmware): runs \(what) and prints, after each step, the")
        h.append("# IDF heaps, the Python heap and the exception of a failing step. Generated by `heapfit probe`.")
        h.append("# Set the settings below, then on the computer the board is plugged into:")
        h.append("#   mpremote run probe.py > probe.log")
        h.append("#   heapfit calibrate probe.log --workload \(workload.name) --board <your board>")
        if case .workload = program {
            h.append("# Python steps allocate the objects the workload models (bytearrays of its sizes); the network,")
            h.append("# TLS and Bluetooth steps are the real calls, so what they cost is what the board measures.")
        }
        h.append("import gc")
        h.append("import sys")
        if cp {
            h.append("try:")
            h.append("    import espidf")
            h.append("except ImportError:")
            h.append("    espidf = None")
        } else {
            h.append("import micropython")
            h.append("try:")
            h.append("    import esp32")
            h.append("except ImportError:")
            h.append("    esp32 = None")
        }
        h.append("")
        h.append("WIFI_SSID = \"your-ssid\"")
        h.append("WIFI_PASSWORD = \"your-password\"")
        h.append("HOST = \"example.com\"  # a server the TLS steps connect to")
        h.append("PORT = 443")
        h.append("MQTT_BROKER = \"test.mosquitto.org\"")
        h.append("AP_ESSID = \"heapfit-probe\"")
        h.append("WEBREPL_PASSWORD = \"probe\"")
        h.append("S = {}  # open instances, by the workload's names")
        h.append("")
        h.append("")
        h.append("def checkpoint(n, label):")
        h.append("    print(\"heapfit-probe: checkpoint %d %s\" % (n, label))")
        if cp {
            h.append("    if espidf:")
            h.append("        print(\"espidf: total %d free %d largest %d\" % (espidf.heap_caps_get_total_size(),")
            h.append("              espidf.heap_caps_get_free_size(), espidf.heap_caps_get_largest_free_block()))")
        } else {
            h.append("    if esp32:")
            h.append("        print(\"idf_heap_info:\", esp32.idf_heap_info(esp32.HEAP_DATA))")
            h.append("    micropython.mem_info()")
        }
        h.append("    print(\"gc: mem_free %d mem_alloc %d\" % (gc.mem_free(), gc.mem_alloc()))")
        h.append("    print(\"heapfit-probe: end %d\" % n)")
        if case .main = program {
            h.append("")
            h.append("")
            h.append("USER_POINTS = [0]")
            h.append("")
            h.append("")
            h.append("def user_checkpoint(label):")
            h.append("    # Your program may call checkpoint(\"label\"): its labels are matched with the workload's steps.")
            h.append("    USER_POINTS[0] += 1")
            h.append("    checkpoint(100 + USER_POINTS[0], label)")
        }
        return h
    }

    /// The top-level steps' default labels, as the simulator names them.
    static func describe(_ action: WorkloadStep.Action) -> String {
        switch action {
        case .open(let c, let i, _): c == i ? "open \(c)" : "open \(c) as \(i)"
        case .close(let i): "close \(i)"
        case .python(_, let n, let keep): "python: \(n) object\(n == 1 ? "" : "s")" + (keep.map { " kept as \($0)" } ?? "")
        case .release(let n): "release \(n)"
        case .collect: "gc.collect()"
        case .repeat(let t, _): "repeat \(t)×"
        case .parallel(let b): "\(b.count) branches in parallel"
        case .gcAllocDuringCollection: "GC allocation from another task during a collection"
        }
    }

    struct ProbeState {
        /// Open instances of tcp-socket (newest last): a TLS session wraps the newest.
        var sockets: [String] = []
        var tls: [String] = []
        var counter = 0
    }

    static func python(_ action: WorkloadStep.Action, cp: Bool, firmware: Firmware, state: inout ProbeState,
                       workload: Workload, line: Int, into body: inout [String]) throws(Diagnostic) {
        switch action {
        case .python(let bytes, let count, let keep):
            guard case .success(let size) = bytes.evaluate([:]) else {
                // A size of knobs: the objects' size on the board is whatever the program makes.
                body.append("objects = [bytearray(256) for _ in range(\(count))]  # \(bytes): a size of knobs, 256 B assumed")
                if let keep { body.append("S[\(pythonString("keep:" + keep))] = objects") }
                return
            }
            // bytearray(n) is a 16 B object (one GC block: base, typecode/free/len, items pointer) and an n-byte
            // buffer (py/objarray.c), so bytearray(size − 16) puts `size` bytes on the GC heap, as the step models.
            let payload = max(0, size - 16)
            body.append("objects = [bytearray(\(payload)) for _ in range(\(count))]  # \(count) × \(size) B")
            if let keep { body.append("S.setdefault(\(pythonString("keep:" + keep)), []).append(objects)") }
        case .release(let name):
            body.append("S.pop(\(pythonString("keep:" + name)), None)")
        case .collect:
            body.append("gc.collect()")
        case .repeat(let times, let steps):
            var inner: [String] = []
            for s in steps {
                try python(s.action, cp: cp, firmware: firmware, state: &state, workload: workload, line: s.line, into: &inner)
            }
            body.append("for _ in range(\(times)):")
            body.append(contentsOf: (inner.isEmpty ? ["pass"] : inner).map { "    " + $0 })
        case .parallel(let branches):
            body.append("# \(branches.count) branches the workload runs at once; here one after the other")
            for b in branches {
                for s in b {
                    try python(s.action, cp: cp, firmware: firmware, state: &state, workload: workload, line: s.line, into: &body)
                }
            }
        case .gcAllocDuringCollection:
            body.append("pass  # another task's allocation during a collection: nothing a script can do")
        case .open(let component, let instance, _):
            try open(component, instance: instance, cp: cp, firmware: firmware, state: &state, workload: workload,
                     line: line, into: &body)
        case .close(let instance):
            let key = pythonString(instance)
            if let i = state.sockets.lastIndex(of: instance) { state.sockets.remove(at: i) }
            if let i = state.tls.lastIndex(of: instance) { state.tls.remove(at: i) }
            let component = workload.steps.lazy.compactMap { s -> String? in
                if case .open(let c, let i, _) = s.action, i == instance { return c }
                return nil
            }.first ?? instance
            switch component {
            case "wifi-sta": body.append(cp ? "S.pop(\(key)).stop_station()" : "S.pop(\(key)).active(False)")
            case "softap": body.append(cp ? "S.pop(\(key)).stop_ap()" : "S.pop(\(key)).active(False)")
            case "ble", "espnow": body.append("S.pop(\(key)).active(False)")
            case "webrepl": body.append("S.pop(\(key)).stop()")
            case "mqtt": body.append("S.pop(\(key)).disconnect()")
            default: body.append("S.pop(\(key)).close()")
            }
        }
    }

    static func open(_ component: String, instance: String, cp: Bool, firmware: Firmware, state: inout ProbeState,
                     workload: Workload, line: Int, into body: inout [String]) throws(Diagnostic) {
        let key = pythonString(instance)
        switch component {
        case "wifi-sta":
            if cp {
                body += ["import wifi", "wifi.radio.connect(WIFI_SSID, WIFI_PASSWORD)", "S[\(key)] = wifi.radio"]
            } else {
                body += ["import network", "import time", "wlan = network.WLAN(network.STA_IF)", "wlan.active(True)",
                         "if not wlan.isconnected():", "    wlan.connect(WIFI_SSID, WIFI_PASSWORD)",
                         "    for _ in range(300):", "        if wlan.isconnected():", "            break",
                         "        time.sleep_ms(100)",
                         "if not wlan.isconnected():", "    raise OSError(\"Wi-Fi did not connect to \" + WIFI_SSID)",
                         "S[\(key)] = wlan"]
            }
        case "softap":
            if cp {
                body += ["import wifi", "wifi.radio.start_ap(AP_ESSID)", "S[\(key)] = wifi.radio"]
            } else {
                body += ["import network", "ap = network.WLAN(network.AP_IF)", "ap.active(True)", "ap.config(essid=AP_ESSID)",
                         "S[\(key)] = ap"]
            }
        case "tcp-socket", "udp-socket", "http-server":
            if cp {
                body += ["import socketpool", "import wifi", "pool = socketpool.SocketPool(wifi.radio)"]
                switch component {
                case "tcp-socket":
                    body += ["s = pool.socket(pool.AF_INET, pool.SOCK_STREAM)",
                             "s.connect(pool.getaddrinfo(HOST, PORT)[0][-1])"]
                case "udp-socket":
                    body += ["s = pool.socket(pool.AF_INET, pool.SOCK_DGRAM)", "s.bind((\"0.0.0.0\", 5000))"]
                default:
                    body += ["s = pool.socket(pool.AF_INET, pool.SOCK_STREAM)", "s.bind((\"0.0.0.0\", 80))", "s.listen(2)"]
                }
            } else {
                body.append("import socket")
                switch component {
                case "tcp-socket":
                    body += ["addr = socket.getaddrinfo(HOST, PORT)[0][-1]", "s = socket.socket()", "s.connect(addr)"]
                case "udp-socket":
                    body += ["s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)", "s.bind((\"0.0.0.0\", 5000))"]
                default:
                    body += ["s = socket.socket()", "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
                             "s.bind((\"0.0.0.0\", 80))", "s.listen(2)"]
                }
            }
            body.append("S[\(key)] = s")
            if component == "tcp-socket" { state.sockets.append(instance) }
        case "tls-session":
            guard let socket = state.sockets.last else {
                throw Diagnostic("Workload \(workload.name) opens tls-session '\(instance)' with no tcp-socket open before it",
                                 file: workload.file, line: line, expected: "a tcp-socket opened before each tls-session",
                                 fix: "Open a tcp-socket first: the probe wraps the newest open socket")
            }
            let sock = "S[\(pythonString(socket))]"
            body.append("import ssl")
            if cp {
                body += ["ctx = ssl.create_default_context()", "S[\(key)] = ctx.wrap_socket(\(sock), server_hostname=HOST)"]
            } else if (firmware.major, firmware.minor) >= (1, 21) {
                // ssl.SSLContext from v1.21 (extmod/modssl_mbedtls.c → modtls_mbedtls.c).
                body += ["ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)", "ctx.verify_mode = ssl.CERT_NONE",
                         "S[\(key)] = ctx.wrap_socket(\(sock), server_hostname=HOST)"]
            } else {
                body.append("S[\(key)] = ssl.wrap_socket(\(sock), server_hostname=HOST)")
            }
            state.tls.append(instance)
        case "mqtt":
            let secure = !state.tls.isEmpty
            if cp {
                body += ["import adafruit_minimqtt.adafruit_minimqtt as MQTT", "import socketpool", "import ssl", "import wifi",
                         "c = MQTT.MQTT(broker=MQTT_BROKER, socket_pool=socketpool.SocketPool(wifi.radio), is_ssl=\(secure ? "True" : "False"), ssl_context=ssl.create_default_context())",
                         "c.connect()"]
            } else {
                body += ["from umqtt.simple import MQTTClient",
                         "c = MQTTClient(\"heapfit-probe\", MQTT_BROKER, ssl=\(secure ? "True" : "False"))", "c.connect()"]
            }
            body.append("S[\(key)] = c")
        case "ble":
            if cp {
                body += ["import _bleio", "_bleio.adapter.enabled = True", "S[\(key)] = _bleio.adapter"]
            } else {
                body += ["import bluetooth", "b = bluetooth.BLE()", "b.active(True)", "S[\(key)] = b"]
            }
        case "espnow":
            body += cp ? ["import espnow", "S[\(key)] = espnow.ESPNow()"]
                       : ["import espnow", "e = espnow.ESPNow()", "e.active(True)", "S[\(key)] = e"]
        case "webrepl":
            body += ["import webrepl", "webrepl.start(password=WEBREPL_PASSWORD)", "S[\(key)] = webrepl"]
        default:
            throw Diagnostic("heapfit cannot write component \(component) of workload \(workload.name) as Python",
                             file: workload.file, line: line,
                             expected: "steps opening \(writable.joined(separator: ", "))",
                             fix: "Write the program yourself and pass it with --main main.py (call checkpoint(\"label\") in it)")
        }
    }

    /// A Python string literal (double quotes; backslash, quote and control characters escaped).
    public static func pythonString(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 || c.value == 0x7F { out += String(format: "\\x%02x", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}

/// Lines of Python text.
struct PythonWriter {
    var lines: [String] = []
    mutating func line(_ s: String) { lines.append(s) }
    mutating func prepend(_ l: [String]) { lines.insert(contentsOf: l, at: 0) }
    var text: String { lines.joined(separator: "\n") + "\n" }
}
