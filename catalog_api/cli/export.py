"""``servicemap export``: render a stored snapshot or a graph JSON file."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from catalog_api.cli.errors import BadInput, reported_as_bad_input
from catalog_api.cli.options import db_option, open_store
from catalog_api.cli.output import is_stdout, write_output

# The renderers' formats (catalog_api.export.FORMATS), spelled out so that `--help` does not
# import the renderers; a test keeps the two lists equal.
FORMATS = ("json", "dot", "svg", "png", "mermaid")
BINARY_FORMATS = frozenset({"png"})
_SUFFIXES = {".json": "json", ".dot": "dot", ".gv": "dot", ".svg": "svg", ".png": "png",
             ".mmd": "mermaid", ".mermaid": "mermaid"}  # fmt: skip


@click.command(
    "export",
    help="""Render the service map as JSON, DOT, SVG, PNG or Mermaid.

    Reads the catalog view of the database (the newest scan merged with the newest traces,
    see `servicemap ingest`), one stored snapshot as it is with --snapshot N, or a graph JSON
    file written by `servicemap scan -o` with -i. Text formats can go to stdout with
    `-o -`. SVG and PNG are laid out by Graphviz's `dot` (Debian package `graphviz`). Without
    --format the format follows the output file's suffix (.json .dot .gv .svg .png .mmd).

    \b
    Examples:
      servicemap export -o map.svg
      servicemap export --format mermaid -i graph.json -o - >> README.md
    """,
)
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), help="Output format.")
@click.option(
    "-i",
    "--input",
    "input_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read this graph JSON file instead of the database.",
)
@db_option
@click.option(
    "--snapshot",
    type=click.IntRange(min=1),
    help="Snapshot id [default: the newest scan merged with the newest traces].",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="File to write, or '-' for stdout (text formats only).",
)
@click.pass_context
def command(
    ctx: click.Context,
    fmt: str | None,
    input_file: Path | None,
    db: Path | None,
    snapshot: int | None,
    output: Path,
) -> None:
    fmt = fmt or _format_from_suffix(output)
    if is_stdout(output) and fmt in BINARY_FORMATS:
        raise BadInput(f"{fmt} is binary; write it to a file, e.g. -o map.{fmt}")
    if input_file is not None and (
        snapshot is not None or ctx.get_parameter_source("db") == ParameterSource.COMMANDLINE
    ):
        raise BadInput("give either -i FILE or --db/--snapshot, not both")
    from catalog_api.export import ExportError, GraphvizMissingError
    from catalog_api.usecases import catalog_view, export, load_graph, load_graph_file

    with reported_as_bad_input():
        if input_file is not None:
            graph = load_graph_file(input_file)
        elif snapshot is not None:
            graph = load_graph(open_store(db, must_exist=True), snapshot)
        else:
            graph = catalog_view(open_store(db, must_exist=True)).graph
    try:
        data = export(graph, fmt)
    except GraphvizMissingError as exc:
        raise BadInput(str(exc)) from exc
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    write_output(output, data)
    if not is_stdout(output):
        click.echo(f"Wrote {fmt} to {output} ({len(data):,} bytes)", err=True)


def _format_from_suffix(output: Path) -> str:
    fmt = _SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        raise BadInput(f"cannot tell the format from {str(output)!r}; add --format")
    return fmt
