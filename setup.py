"""The optional native part of servicemap: everything else is in pyproject.toml.

``scanner.traces._otlp_columns`` reads binary OTLP trace requests into columns in C. It is
optional: where it cannot be built (no C compiler), the install goes on and servicemap
reads the same requests with protobuf's own parser, more slowly.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "scanner.traces._otlp_columns",
            sources=["scanner/traces/_otlp_columns.c"],
            optional=True,
        )
    ]
)
