"""`schemactl db ...`: the embedded PostgreSQL server."""

from __future__ import annotations

from typing import Annotated

import typer

from schemactl.cli.common import FormatOption, reported_errors, settings_for
from schemactl.cli.help import Group, PlainCommand
from schemactl.formats import OutputFormat

db_app = typer.Typer(
    help=(
        "Manage the embedded PostgreSQL server used when no database URL is given.\n\n"
        "Data lives in .schemactl/pgdata; the server listens on a Unix socket only.\n\n"
        'Example: schemactl db start && psql "$(schemactl db url)"'
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=Group,
)


@db_app.command(cls=PlainCommand, short_help="Start the embedded server and print its URL.")
def start(ctx: typer.Context) -> None:
    """Start the embedded server (a no-op when it already runs) and print its URL.

    Example: schemactl db start
    """
    from schemactl import embedded, report

    with reported_errors(ctx):
        settings = settings_for(ctx)
        report.print_line(embedded.ensure_running(settings.state_dir, settings.embedded_version))


@db_app.command(cls=PlainCommand, short_help="Stop the embedded server; its data stays.")
def stop(
    ctx: typer.Context,
    force: Annotated[
        bool, typer.Option("--force", help="Stop even while a migration is running (it is rolled back).")
    ] = False,
) -> None:
    """Stop the embedded server; its data stays in .schemactl/pgdata.

    While an apply holds the migration lock, refuses (exit 1) unless --force: stopping the server
    would interrupt the migration, which is then rolled back (a no-transaction file stops midway).

    Example: schemactl db stop
    """
    from schemactl import embedded, report
    from schemactl.errors import LockTimeoutError

    with reported_errors(ctx):
        settings = settings_for(ctx)
        running = embedded.running_migrations(settings.state_dir, settings.embedded_version)
        if running and not force:
            raise LockTimeoutError(
                f"a migration is running on the embedded server ({', '.join(running)}); not stopped",
                hint="wait for the apply to finish, or run schemactl db stop --force to interrupt it",
            )
        if running:
            report.print_warning(f"interrupting the running migration ({', '.join(running)}); it is rolled back")
        stopped = embedded.stop(settings.state_dir, settings.embedded_version)
        report.print_line("embedded server stopped" if stopped else "embedded server was not running")


@db_app.command("status", cls=PlainCommand, short_help="Say whether the embedded server runs, and where.")
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


@db_app.command(cls=PlainCommand, short_help="Print the embedded server's URL, starting it if needed.")
def url(ctx: typer.Context) -> None:
    """Print the embedded server's URL, starting it if needed (no password: it trusts local sockets).

    Example: psql "$(schemactl db url)"
    """
    from schemactl import embedded, report

    with reported_errors(ctx):
        settings = settings_for(ctx)
        report.print_line(embedded.ensure_running(settings.state_dir, settings.embedded_version))
