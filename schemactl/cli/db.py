"""`schemactl db ...`: the embedded PostgreSQL server."""

from __future__ import annotations

import typer

from schemactl.cli.common import FormatOption, reported_errors, settings_for
from schemactl.report import OutputFormat

db_app = typer.Typer(
    help=(
        "Manage the embedded PostgreSQL server used when no database URL is given.\n\n"
        "Data lives in .schemactl/pgdata; the server listens on a Unix socket only.\n\n"
        'Example: schemactl db start && psql "$(schemactl db url)"'
    ),
    no_args_is_help=True,
)


@db_app.command()
def start(ctx: typer.Context) -> None:
    """Start the embedded server (a no-op when it already runs) and print its URL.

    Example: schemactl db start
    """
    from schemactl import embedded, report

    with reported_errors(ctx):
        settings = settings_for(ctx)
        report.print_line(embedded.ensure_running(settings.state_dir, settings.embedded_version))


@db_app.command()
def stop(ctx: typer.Context) -> None:
    """Stop the embedded server; its data stays in .schemactl/pgdata.

    Example: schemactl db stop
    """
    from schemactl import embedded, report

    with reported_errors(ctx):
        settings = settings_for(ctx)
        stopped = embedded.stop(settings.state_dir, settings.embedded_version)
        report.print_line("embedded server stopped" if stopped else "embedded server was not running")


@db_app.command("status")
def db_status(ctx: typer.Context, output: FormatOption = OutputFormat.TEXT) -> None:
    """Say whether the embedded server runs, its data directory and its URL. Exit 1 when stopped.

    Example: schemactl db status --format json
    """
    from schemactl import embedded, report

    with reported_errors(ctx, output):
        settings = settings_for(ctx)
        state = embedded.status(settings.state_dir, settings.embedded_version)
        report.print_embedded_status(state, output)
        if not state.running:
            raise typer.Exit(1)


@db_app.command()
def url(ctx: typer.Context) -> None:
    """Print the embedded server's URL, starting it if needed (no password: it trusts local sockets).

    Example: psql "$(schemactl db url)"
    """
    from schemactl import embedded, report

    with reported_errors(ctx):
        settings = settings_for(ctx)
        report.print_line(embedded.ensure_running(settings.state_dir, settings.embedded_version))
