"""Runs a heapfit probe script under CPython with stand-in MicroPython modules.

usage: python3 stub_runner.py FIGURES.json PROBE.py

FIGURES.json holds what a board would print, one entry per checkpoint in the order the probe
reaches them: {"checkpoints": [{"heaps": [[total, free, largest, min_free], ...],
"gc_total": T, "gc_used": U}, ...], "fail_at": K, "error": ["OSError", -17040]}.
The stand-ins print those figures in the firmware's formats (ports/esp32/modesp32.c
idf_heap_info tuples; py/modmicropython.c + py/gc.c gc_dump_info for mem_info) and raise the
recorded error in the network call of checkpoint K (0-based). Nothing here talks to a board.
"""
import json
import sys
import types

figures = json.load(open(sys.argv[1]))
state = {"next": 0}


def current():
    points = figures["checkpoints"]
    return points[min(state["next"], len(points) - 1)]


def network_call():
    if figures.get("fail_at") == state["next"]:
        name, *args = figures["error"]
        raise {"OSError": OSError, "MemoryError": MemoryError}.get(name, RuntimeError)(*args)


def module(name, **attrs):
    m = types.ModuleType(name)
    for k, v in attrs.items():
        setattr(m, k, v)
    sys.modules[name] = m
    return m


def idf_heap_info(caps):
    point = current()
    state["next"] += 1
    return [tuple(h) for h in point["heaps"]]


def mem_info(verbose=False):
    point = figures["checkpoints"][state["next"] - 1]
    total, used = point["gc_total"], point["gc_used"]
    print("stack: 704 out of 15360")
    print("GC: total: %d, used: %d, free: %d, max new split: %d" % (total, used, total - used, point.get("split", 0)))
    print(" No. of 1-blocks: 12, 2-blocks: 4, max blk sz: 64, max free sz: %d" % ((total - used) // 16))


def mem_free():
    point = figures["checkpoints"][state["next"] - 1]
    return point["gc_total"] - point["gc_used"]


def mem_alloc():
    return figures["checkpoints"][state["next"] - 1]["gc_used"]


class WLAN:
    def __init__(self, mode): pass
    def active(self, on=None): network_call(); return True
    def connect(self, ssid, key): network_call()
    def isconnected(self): return True
    def config(self, **kw): network_call()


class Socket:
    def __init__(self, *a): network_call()
    def connect(self, addr): network_call()
    def bind(self, addr): network_call()
    def listen(self, n): pass
    def setsockopt(self, *a): pass
    def write(self, b): return len(b)
    def send(self, b): return len(b)
    def read(self, n=-1): return b"HTTP/1.0 200 OK\r\n\r\n{}"
    def recv(self, n): return b"HTTP/1.0 200 OK\r\n\r\n{}"
    def close(self): pass


class SSLContext:
    def __init__(self, protocol): self.verify_mode = 0
    def wrap_socket(self, sock, server_hostname=None): network_call(); return Socket()


module("esp32", HEAP_DATA=4, HEAP_EXEC=1, idf_heap_info=idf_heap_info)
module("micropython", mem_info=mem_info)
module("gc", mem_free=mem_free, mem_alloc=mem_alloc, collect=lambda: None)
module("network", STA_IF=0, AP_IF=1, WLAN=WLAN)
module("socket", AF_INET=2, SOCK_STREAM=1, SOCK_DGRAM=2, SOL_SOCKET=1, SO_REUSEADDR=4, socket=Socket,
       getaddrinfo=lambda host, port, *a: [(2, 1, 0, "", (host, port))])
module("ssl", PROTOCOL_TLS_CLIENT=0, CERT_NONE=0, SSLContext=SSLContext,
       wrap_socket=lambda sock, server_hostname=None: SSLContext(0).wrap_socket(sock))
module("bluetooth", BLE=lambda: types.SimpleNamespace(active=lambda on=None: network_call()))
module("espnow", ESPNow=lambda: types.SimpleNamespace(active=lambda on=None: network_call()))
module("time", sleep_ms=lambda ms: None, ticks_ms=lambda: 0, ticks_diff=lambda a, b: a - b)
module("webrepl", start=lambda *a, **k: network_call(), stop=lambda: None)

source = open(sys.argv[2]).read()
exec(compile(source, sys.argv[2], "exec"), {"__name__": "__main__"})
