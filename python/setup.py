"""setup.py - builds embargo's Python package (pyproject.toml holds the metadata).

The extension embargo._embargo is made by cffi from build_ffi.py. When the
library comes from the checkout (make's build/), libembargo.so.0 is copied
into the package beside the extension, and so is build/default.idx, the index
of the bundled lists, as embargo/data/default.idx: the installed package then
works wherever it is copied (a virtualenv, a Spark executor). Set
EMBARGO_BUNDLE_INDEX=0 to leave the index out (Index() then needs a path or
EMBARGO_INDEX).
"""
import os
import re
import shutil
import sys

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build_ffi  # noqa: E402  (locates the header and the library)


def version() -> str:
    m = re.search(r'^#define EMBARGO_VERSION "([^"]+)"', build_ffi.HEADER, re.M)
    if not m:
        raise RuntimeError("no EMBARGO_VERSION in embargo.h")
    return m.group(1)


class BuildPy(build_py):
    """build_py that also places the checkout's library and default index."""

    def run(self):
        super().run()
        where = build_ffi.locate()
        if not where["bundle"]:
            return
        pkg = os.path.join(self.build_lib, "embargo")
        os.makedirs(pkg, exist_ok=True)
        shutil.copy2(os.path.realpath(os.path.join(where["lib_dir"], "libembargo.so")),
                     os.path.join(pkg, "libembargo.so.0"))
        idx = os.path.join(where["lib_dir"], "default.idx")
        if os.environ.get("EMBARGO_BUNDLE_INDEX", "1") != "0" and os.path.isfile(idx):
            os.makedirs(os.path.join(pkg, "data"), exist_ok=True)
            shutil.copy2(idx, os.path.join(pkg, "data", "default.idx"))


setup(
    version=version(),
    cffi_modules=["build_ffi.py:ffibuilder"],
    cmdclass={"build_py": BuildPy},
)
