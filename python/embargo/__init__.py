"""embargo: sanctions screening, the Python binding of the embargo C library.

    import embargo
    ix = embargo.Index()                      # the bundled lists (default index)
    ix.screen("Konstantin Kosachyov")         # [Match(id='ofac-sdn:24231', ...)]
    ix.screen_many(names, threads=4)          # many names, in parallel, in order
    ix.scan(article)                          # listed people and organisations in a text
    ix.who("Konstantin Kosachyov")            # which lists name him, and since when
    embargo.compare("Sergey I. Kislyak", "KISLYAK, Sergei Ivanovich")
    embargo.build_index(["sdn/", "uk.csv"], "lists.idx")

An Index is shared by any number of threads; every call gets a matcher of its
own thread. Failures raise EmbargoError (or a subclass) with the library's
message. embargo.pandas screens a DataFrame; embargo.spark a Spark one.
"""
from ._core import (DEFAULT_THRESHOLD, MAX_QUERY_BYTES, EmbargoError, FileError, Index,
                    IndexFormatError, InvalidArgumentError, ListFormatError, NotFoundError,
                    OutOfMemoryError, QueryError, build_index, compare, default_index,
                    default_index_path, to_json, version)
from ._types import (Comparison, Entity, Explanation, IndexInfo, ListedBy, ListInfo, Match,
                     Mention, Name, Pair, ScanEntity, ScanResult, Who, WhoList)

__version__ = version()

__all__ = [
    "DEFAULT_THRESHOLD", "MAX_QUERY_BYTES", "Comparison", "EmbargoError", "Entity", "Explanation",
    "FileError", "Index", "IndexFormatError", "IndexInfo", "InvalidArgumentError", "ListFormatError",
    "ListInfo", "ListedBy", "Match", "Mention", "Name", "NotFoundError", "OutOfMemoryError", "Pair",
    "QueryError", "ScanEntity", "ScanResult", "Who", "WhoList", "build_index", "compare",
    "default_index", "default_index_path", "to_json", "version",
]
