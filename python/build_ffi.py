"""build_ffi.py - the cffi builder of embargo._embargo (API mode).

The declarations given to cffi are read from the public header itself
(include/embargo.h): comments and preprocessor lines are dropped, the
EMBARGO_API attribute removed, and the header's integer #defines passed on as
constants, so the binding cannot drift from the header. The extension is
compiled against that header and linked against libembargo.so.

Where the header and the library are found, first match wins:
  1. EMBARGO_INCLUDE_DIR and EMBARGO_LIB_DIR (both, or neither);
  2. the checkout this folder belongs to: ../include and ../build (make);
  3. pkg-config embargo (after `make install`).
In case 2 the library is copied into the package and found beside the
extension at run time (rpath $ORIGIN); see setup.py.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess

import cffi

HERE = os.path.dirname(os.path.abspath(__file__))


def locate() -> dict:
    """Where the header and library are: include_dir, lib_dir, and whether
    the library is the checkout's (to be copied into the package)."""
    inc = os.environ.get("EMBARGO_INCLUDE_DIR")
    lib = os.environ.get("EMBARGO_LIB_DIR")
    if inc or lib:
        if not (inc and lib):
            raise RuntimeError("set both EMBARGO_INCLUDE_DIR and EMBARGO_LIB_DIR, or neither")
        return {"include_dir": inc, "lib_dir": lib, "bundle": True}
    root = os.path.dirname(HERE)
    inc = os.path.join(root, "include")
    lib = os.path.join(root, "build")
    if os.path.isfile(os.path.join(inc, "embargo.h")):
        if not os.path.exists(os.path.join(lib, "libembargo.so")):
            raise RuntimeError(
                f"{lib}/libembargo.so is missing: run `make` in {root} before installing the Python package")
        return {"include_dir": inc, "lib_dir": lib, "bundle": True}
    try:
        cflags = subprocess.run(["pkg-config", "--cflags-only-I", "embargo"], check=True,
                                capture_output=True, text=True).stdout
        libs = subprocess.run(["pkg-config", "--libs-only-L", "embargo"], check=True,
                              capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        raise RuntimeError("cannot find embargo.h: build from a checkout (make), set "
                           "EMBARGO_INCLUDE_DIR and EMBARGO_LIB_DIR, or `make install` "
                           "so that pkg-config finds embargo") from e
    incs = [w[2:] for w in shlex.split(cflags) if w.startswith("-I")] or ["/usr/include"]
    libdirs = [w[2:] for w in shlex.split(libs) if w.startswith("-L")] or ["/usr/lib"]
    return {"include_dir": incs[0], "lib_dir": libdirs[0], "bundle": False}


def cdef_from_header(text: str) -> str:
    """The header's declarations in the form cffi's cdef accepts."""
    consts = []
    for name, value in re.findall(r"^#define\s+(EMBARGO_\w+)\s+(.+)$", text, re.M):
        value = re.sub(r"/\*.*?\*/", "", value).strip()
        if re.fullmatch(r"\d+u?", value) or name == "EMBARGO_VERSION_NUMBER":
            consts.append(f"#define {name} ...")
        elif re.fullmatch(r"\d+\.\d+", value):
            consts.append(f"static const double {name};")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"^#(?:[^\n]*\\\n)*[^\n]*$", "", text, flags=re.M)  # directives
    text = text.replace('extern "C" {', "")
    text = re.sub(r"\bEMBARGO_API\b", "", text)
    text = re.sub(r"^\s*}\s*$", "", text, flags=re.M)  # the extern "C" brace
    return text + "\n" + "\n".join(consts) + "\n" + EXTRA_CDEF


# Python callbacks the library calls (scanning, build progress), and the
# binding's own C helper (HELPERS).
EXTRA_CDEF = """
extern "Python" int _embpy_on_mention(void *ctx, const embargo_mention *m);
extern "Python" void _embpy_on_progress(void *ctx, const char *stage, size_t done, size_t total);
size_t embpy_pack_explanation(const embargo_explanation *e, unsigned char *buf, size_t cap);
"""

# An explanation copied out in one call, as bytes that Python unpacks only
# when asked (embargo/_types.py, unpack_explanation): a match's explanation
# is valid only until the next call on its matcher, and copying it pair by
# pair through cffi cost a fifth of screen_many's time. Layout, little
# endian as the machine: u32 pair count; per pair u8 kind, f32 similarity,
# f32 weight, i32 query length and i32 name length (-1: none), then the
# query and name bytes; the note's bytes to the end. Returns the size
# needed; writes nothing if it exceeds cap.
HELPERS = r"""
#include <string.h>
size_t embpy_pack_explanation(const embargo_explanation *e, unsigned char *buf, size_t cap) {
    size_t need = 4, note = e->note ? strlen(e->note) : 0;
    for (size_t i = 0; i < e->pair_count; i++)
        need += 17 + (e->pairs[i].query ? e->pairs[i].query_len : 0)
                   + (e->pairs[i].name ? e->pairs[i].name_len : 0);
    need += note;
    if (need > cap) return need;
    unsigned char *p = buf;
    uint32_t n = (uint32_t)e->pair_count;
    memcpy(p, &n, 4); p += 4;
    for (size_t i = 0; i < e->pair_count; i++) {
        const embargo_pair *pr = &e->pairs[i];
        int32_t ql = pr->query ? (int32_t)pr->query_len : -1, nl = pr->name ? (int32_t)pr->name_len : -1;
        *p++ = (unsigned char)pr->kind;
        memcpy(p, &pr->similarity, 4); p += 4;
        memcpy(p, &pr->weight, 4); p += 4;
        memcpy(p, &ql, 4); p += 4;
        memcpy(p, &nl, 4); p += 4;
        if (ql > 0) { memcpy(p, pr->query, (size_t)ql); p += ql; }
        if (nl > 0) { memcpy(p, pr->name, (size_t)nl); p += nl; }
    }
    if (note) memcpy(p, e->note, note);
    return need;
}
"""

where = locate()
with open(os.path.join(where["include_dir"], "embargo.h"), encoding="utf-8") as f:
    HEADER = f.read()

ffibuilder = cffi.FFI()
ffibuilder.cdef(cdef_from_header(HEADER))
ffibuilder.set_source(
    "embargo._embargo",
    '#include "embargo.h"\n' + HELPERS,
    include_dirs=[where["include_dir"]],
    library_dirs=[where["lib_dir"]],
    libraries=["embargo"],
    # The checkout's library is copied beside the extension (setup.py); an
    # installed one is found by its own directory.
    extra_link_args=["-Wl,-rpath,$ORIGIN"] + ([] if where["bundle"] else [f"-Wl,-rpath,{where['lib_dir']}"]),
)

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
