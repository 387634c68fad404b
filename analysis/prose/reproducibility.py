"""How the report was built and how to build it again ([reproducibility])."""

from __future__ import annotations

from ..text import unknown
from .writer import Writer


def sentences(w: Writer) -> dict[str, str]:
    versions = w.build_info.get("package_versions", {})
    unknown_word = unknown(w.language)
    packages = ", ".join(f"{name} {version}" for name, version in versions.items()
                         if name != "python") or unknown_word
    return {
        "reproducibility_build_date": w.text(
            "reproducibility.build_date",
            build_date=w.build_info.get("build_date", unknown_word)),
        "reproducibility_data_version": w.text("reproducibility.data_version",
                                               data_version=w.data.data_version),
        "reproducibility_software": w.text("reproducibility.software",
                                           python_version=versions.get("python", unknown_word),
                                           package_list=packages),
        "reproducibility_rebuild": w.text("reproducibility.rebuild"),
    }
