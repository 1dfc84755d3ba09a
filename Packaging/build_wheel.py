#!/usr/bin/env python3
"""Builds heapfit's wheel with the standard library only (no network, no build backend).

usage: build_wheel.py --binary PATH --root CHECKOUT --version V --out DIR [--tag PLATFORM_TAG] [--fast]

The wheel (PEP 427) holds the package `heapfit`: the binary in heapfit/bin/, the data it reads
(boards.yaml, workloads/ and reports/, found next to the executable's folder: Sources/Advisor/ResourceLocator.swift
and CatalogueLocator.swift), LICENSE, and a launcher (`heapfit` console script and `python -m heapfit`)
that execs the binary. Its platform tag is PLATFORM_TAG (default: manylinux_2_<N>_x86_64 for the newest
GLIBC_2.N symbol the binary needs, found with objdump when present, else linux_x86_64).
"""
import argparse
import base64
import hashlib
import os
import re
import subprocess
import sys
import zipfile

LAUNCHER = '''"""heapfit: the ESP32 heap-split advisor, as a Python package that carries its binary."""
import os
import sys

BINARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "heapfit")


def main():
    # argv[0] is the binary's own path: heapfit finds boards.yaml and workloads/ next to it.
    os.execv(BINARY, [BINARY] + sys.argv[1:])
'''

MAIN = '''from heapfit import main

main()
'''


def platform_tag(binary):
    try:
        out = subprocess.run(["objdump", "-T", binary], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "linux_x86_64"
    minors = [int(m) for m in re.findall(r"GLIBC_2\.(\d+)", out)]
    return "manylinux_2_%d_x86_64" % max(minors) if minors else "linux_x86_64"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--binary", required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--version", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--tag")
    p.add_argument("--fast", action="store_true", help="store the files uncompressed (quick to build; for tests)")
    a = p.parse_args()
    tag = a.tag or platform_tag(a.binary)
    dist = "heapfit-%s.dist-info" % a.version
    files = []  # (archive name, bytes, executable)
    files.append(("heapfit/__init__.py", LAUNCHER.encode(), False))
    files.append(("heapfit/__main__.py", MAIN.encode(), False))
    with open(a.binary, "rb") as f:
        files.append(("heapfit/bin/heapfit", f.read(), True))
    license_text = open(os.path.join(a.root, "LICENSE"), "rb").read()
    files.append(("heapfit/LICENSE", license_text, False))
    files.append(("heapfit/boards.yaml", open(os.path.join(a.root, "boards.yaml"), "rb").read(), False))
    # workloads/, reports/ (Sources/Advisor/Library.swift reads it beside workloads/) and the recordings the
    # components replay (truth/: workloads/components/tls-session.yaml names ../../truth/mbedtls/index.yaml), in
    # the same relative places.
    for top in ("workloads", "reports", "truth"):
        for folder, dirs, names in sorted(os.walk(os.path.join(a.root, top))):
            dirs.sort()
            for n in sorted(names):
                path = os.path.join(folder, n)
                rel = os.path.relpath(path, a.root).replace(os.sep, "/")
                files.append(("heapfit/" + rel, open(path, "rb").read(), False))
    metadata = "\n".join([
        "Metadata-Version: 2.1",
        "Name: heapfit",
        "Version: " + a.version,
        "Summary: Splits ESP32 RAM between the MicroPython GC heap and the ESP-IDF heap, proved by replay",
        "License: GPL-3.0-or-later",
        "License-File: LICENSE",
        "Classifier: License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)",
        "Classifier: Operating System :: POSIX :: Linux",
        "Requires-Python: >=3.8",
        "", ""])
    files.append((dist + "/METADATA", metadata.encode(), False))
    files.append((dist + "/WHEEL", ("Wheel-Version: 1.0\nGenerator: heapfit build_wheel.py\nRoot-Is-Purelib: false\n"
                                    "Tag: py3-none-%s\n" % tag).encode(), False))
    files.append((dist + "/entry_points.txt", b"[console_scripts]\nheapfit = heapfit:main\n", False))
    files.append((dist + "/licenses/LICENSE", license_text, False))
    record = []
    for name, data, _ in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d" % (name, digest, len(data)))
    record.append(dist + "/RECORD,,")
    files.append((dist + "/RECORD", ("\n".join(record) + "\n").encode(), False))
    os.makedirs(a.out, exist_ok=True)
    wheel = os.path.join(a.out, "heapfit-%s-py3-none-%s.whl" % (a.version, tag))
    temp = wheel + ".tmp"
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data, executable in files:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            info.compress_type = zipfile.ZIP_STORED if a.fast else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    os.replace(temp, wheel)
    print(wheel)


if __name__ == "__main__":
    sys.exit(main())
