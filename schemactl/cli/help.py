"""`schemactl --help`: plain click help (fast: no rich panels), commands in sections, in a fixed order."""

from __future__ import annotations

from typer._click import Context, HelpFormatter, Parameter, echo
from typer.core import TyperCommand, TyperGroup

from schemactl.cli.coercion import FastCoercion

# The order a new user needs them in; every command belongs to one section.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Migrations", ("apply", "status", "render")),
    ("Schema, lint and verify", ("snapshot", "lint", "verify", "rules")),
    ("Documents and contracts", ("docs", "contract", "style-guide", "grants-doc")),
    ("Project", ("new", "db")),
)
# Wide enough for every short help line; click's own limit cuts them at 45 characters.
SHORT_HELP_WIDTH = 72


class Group(FastCoercion, TyperGroup):
    """A command group that, called without a command, prints its help on stdout and exits 2."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            echo(ctx.get_help())
            ctx.exit(2)
        return super().parse_args(ctx, args)


class SectionedGroup(Group):
    """The root command: lists its subcommands section by section, in SECTIONS order."""

    def list_commands(self, ctx: Context) -> list[str]:
        ordered = [name for _, names in SECTIONS for name in names if name in self.commands]
        return ordered + sorted(name for name in self.commands if name not in ordered)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        placed = {name for _, names in SECTIONS for name in names}
        sections = [*SECTIONS, ("Other", tuple(sorted(n for n in self.commands if n not in placed)))]
        for title, names in sections:
            rows = []
            for name in names:
                command = self.commands.get(name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(SHORT_HELP_WIDTH)))
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument_label(param: Parameter) -> str:
    name = param.metavar or (param.name or "").upper()
    return name + ("..." if param.nargs != 1 else "")


class PlainCommand(FastCoercion, TyperCommand):
    """A command whose usage line and argument list read like git's: `new NAME`, `lint [PATH]...`,
    not `{name}` or `[[PATH]...]... <list[Path]>`."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                label = _argument_label(param)
                pieces.append(label if param.required else f"[{label}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        arguments = [
            (_argument_label(p), getattr(p, "help", None) or "")
            for p in self.get_params(ctx)
            if p.param_type_name == "argument" and not getattr(p, "hidden", False)
        ]
        options = [
            record
            for p in self.get_params(ctx)
            if p.param_type_name == "option" and (record := p.get_help_record(ctx)) is not None
        ]
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)
