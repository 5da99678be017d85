# The cffi extension built from build_ffi.py: the C API of include/embargo.h.
from typing import Any

ffi: Any
lib: Any
