#!/bin/sh
# Regenerates the vendored Python code for pricing.proto in every service that uses it.
# protoc emits `import pricing_pb2` in the _grpc module; each service imports its own code
# from its package, so that line is rewritten to a package import.
set -eu
cd "$(dirname "$0")/.."
for target in services/pricing/pricing services/inventory/inventory; do
    package=$(basename "$target")
    python -m grpc_tools.protoc -I proto \
        --python_out="$target" --pyi_out="$target" --grpc_python_out="$target" pricing.proto
    sed -i "s/^import pricing_pb2 as pricing__pb2$/from $package import pricing_pb2 as pricing__pb2/" \
        "$target/pricing_pb2_grpc.py"
done
