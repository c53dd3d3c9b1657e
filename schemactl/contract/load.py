"""Load the mapping file and the OpenAPI contracts it names (the only file I/O of the contract check)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from schemactl.contract.mapping import MappingSpec, parse_mapping
from schemactl.contract.openapi import OpenApiDocument
from schemactl.contract.yamldoc import ContractFileError, YamlDocument, display_path, load_yaml
from schemactl.lint.findings import Finding

DEFAULT_MAPPING = Path("docs") / "contract_schema_mapping.yaml"
CONTRACTS_DIR = Path("api-contracts") / "openapi"


@dataclass(frozen=True)
class ContractSources:
    """Everything the check reads from files, loaded and parsed."""

    mapping: YamlDocument
    spec: MappingSpec
    spec_findings: tuple[Finding, ...]  # malformed mapping entries
    contracts: Mapping[str, OpenApiDocument]  # by the file name as the mapping writes it
    unlisted: tuple[str, ...]  # contract files under api-contracts/openapi/ the mapping lacks, as displayed

    @property
    def files(self) -> tuple[str, ...]:
        """Every file read, as displayed."""
        return (self.mapping.display, *(c.display for c in self.contracts.values()))


def load_sources(project_dir: Path, mapping_path: Path | None = None) -> ContractSources:
    """Read the mapping (default docs/contract_schema_mapping.yaml) and every contract it names.

    Contract paths in the mapping are relative to `project_dir`. Raises ContractFileError (exit 2)
    for a missing file, invalid YAML, or a file that is not a mapping or not an OpenAPI document.
    """
    mapping_file = mapping_path if mapping_path is not None else project_dir / DEFAULT_MAPPING
    mapping = load_yaml(mapping_file)
    spec, findings = parse_mapping(mapping)
    contracts: dict[str, OpenApiDocument] = {}
    for entry in spec.contracts:
        path = project_dir / entry.file
        if not path.is_file():
            raise ContractFileError(
                f"contract {entry.file} named by the mapping does not exist",
                file=mapping.display,
                line=mapping.position(entry.path).line,
                hint=f"contract paths are relative to the project directory {display_path(project_dir)}",
            )
        contracts[entry.file] = OpenApiDocument(load_yaml(path))
    listed = {(project_dir / file).resolve() for file in contracts}
    unlisted = tuple(
        display_path(path) for path in _contract_files(project_dir / CONTRACTS_DIR) if path.resolve() not in listed
    )
    return ContractSources(mapping, spec, tuple(findings), contracts, unlisted)


def _contract_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in {".yaml", ".yml"})
